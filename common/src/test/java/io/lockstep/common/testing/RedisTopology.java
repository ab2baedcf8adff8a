package io.lockstep.common.testing;

import io.lockstep.common.config.RedisConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private Sentinel set-up or Redis Cluster on loopback, for running the engine contracts in the
 * modes {@code --redis-mode sentinel|cluster} select: real {@code redis-server} processes on free
 * ports, in a temporary directory, stopped by {@link #close()}.
 */
public final class RedisTopology implements AutoCloseable {
  private static final String HOST = "127.0.0.1";
  private static final long READY_TIMEOUT_MS = 20_000;

  private final Path dir;
  private final List<Process> processes = new ArrayList<>();
  private RedisConfig config;

  private RedisTopology() {
    try {
      dir = Files.createTempDirectory("lockstep-redis-topology-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A master and one Sentinel watching it as {@code lockstep}; clients connect through the Sentinel. */
  public static RedisTopology sentinel() {
    RedisTopology t = new RedisTopology();
    try {
      int master = t.server("master");
      int sentinel = FreePorts.loopback();
      Path conf = t.dir.resolve("sentinel.conf");
      Files.writeString(conf, "port " + sentinel + "\nbind " + HOST + "\nsentinel monitor lockstep " + HOST + " "
          + master + " 1\n");
      t.start("sentinel", List.of(RedisServerExtension.findBinary(), conf.toString(), "--sentinel"));
      t.awaitReply(sentinel, reply -> reply.equals("*2"),
          "SENTINEL", "get-master-addr-by-name", "lockstep");
      t.config = new RedisConfig(List.of("redis://" + HOST + ":" + sentinel), "sentinel", "lockstep");
      return t;
    } catch (IOException | RuntimeException e) {
      t.close();
      throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
    }
  }

  /** A Redis Cluster of {@code masters} masters (no replicas) sharing the 16,384 hash slots. */
  public static RedisTopology cluster(int masters) {
    RedisTopology t = new RedisTopology();
    try {
      List<Integer> ports = new ArrayList<>();
      for (int i = 0; i < masters; i++) {
        ports.add(t.server("node" + i, "--cluster-enabled", "yes",
            "--cluster-config-file", t.dir.resolve("nodes-" + i + ".conf").toString()));
      }
      int perNode = 16_384 / masters;
      for (int i = 0; i < masters; i++) {
        int first = i * perNode;
        int last = i == masters - 1 ? 16_383 : first + perNode - 1;
        expectOk(Resp.command(HOST, ports.get(i), "CLUSTER", "ADDSLOTSRANGE", "" + first, "" + last));
      }
      for (int i = 1; i < masters; i++) {
        expectOk(Resp.command(HOST, ports.get(0), "CLUSTER", "MEET", HOST, "" + ports.get(i)));
      }
      for (int port : ports) {
        t.awaitReply(port, reply -> reply.contains("cluster_state:ok") && reply.contains("cluster_known_nodes:" + masters),
            "CLUSTER", "INFO");
      }
      t.config = new RedisConfig(ports.stream().map(p -> "redis://" + HOST + ":" + p).toList(), "cluster", null);
      return t;
    } catch (RuntimeException e) {
      t.close();
      throw e;
    }
  }

  /** How Lockstep connects to this topology ({@code --redis …  --redis-mode …}). */
  public RedisConfig config() {
    return config;
  }

  @Override
  public void close() {
    for (Process p : processes) {
      p.destroyForcibly();
      try {
        p.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private int server(String name, String... extra) {
    int port = FreePorts.loopback();
    List<String> command = new ArrayList<>(List.of(RedisServerExtension.findBinary(), "--port", "" + port,
        "--bind", HOST, "--save", "", "--appendonly", "no", "--dir", dir.toString()));
    command.addAll(List.of(extra));
    start(name, command);
    awaitReply(port, reply -> reply.equals("+PONG"), "PING");
    return port;
  }

  private void start(String name, List<String> command) {
    try {
      processes.add(new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(name + ".log").toFile())).start());
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + command.get(0), e);
    }
  }

  private void awaitReply(int port, java.util.function.Predicate<String> ready, String... command) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_TIMEOUT_MS);
    String last = "(no answer)";
    while (System.nanoTime() < deadline) {
      try {
        last = Resp.command(HOST, port, command);
        if (ready.test(last)) {
          return;
        }
      } catch (UncheckedIOException notYet) {
        last = notYet.getMessage();
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
    throw new IllegalStateException("port " + port + " never answered " + String.join(" ", command)
        + " as expected; last reply: " + last + " (logs in " + dir + ")");
  }

  private static void expectOk(String reply) {
    if (!reply.equals("+OK")) {
      throw new IllegalStateException("expected +OK, got " + reply);
    }
  }
}
