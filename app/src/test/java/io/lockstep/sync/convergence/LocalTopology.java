package io.lockstep.sync.convergence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The multi-node topology of {@code docker/run-local-topology.sh} (Redis with an append-only file,
 * N clustered Lockstep processes, nginx in front), driven through the script: every command runs
 * as a process that must exit 0 within its time limit, its output kept in the state directory.
 * Public for the integration tests of other services (presence).
 */
public final class LocalTopology implements AutoCloseable {
  private static final Path SCRIPT = Path.of(System.getProperty("lockstep.topology.script",
      "../docker/run-local-topology.sh")).toAbsolutePath().normalize();
  private static final Path JAR = Path.of(System.getProperty("lockstep.jar", "target/lockstep.jar"))
      .toAbsolutePath().normalize();
  /** Seconds a starting node may take to become healthy: a loaded machine needs far more than an idle one. */
  private static final int NODE_HEALTH_SECONDS = Integer.getInteger("lockstep.topology.healthSeconds", 90);

  private final Path state;
  private final Properties env = new Properties();
  private int commands;

  private LocalTopology(Path state) {
    this.state = state;
  }

  /** Starts {@code nodes} nodes with their state in {@code state}; stops what started if that fails. */
  public static LocalTopology start(Path state, int nodes) throws IOException, InterruptedException {
    return start(state, nodes, List.of());
  }

  /**
   * Like {@link #start(Path, int)}, with more arguments for the script's {@code start}, e.g.
   * {@code --no-cluster} or {@code --} followed by Lockstep flags every node gets.
   */
  public static LocalTopology start(Path state, int nodes, List<String> scriptArgs) throws IOException, InterruptedException {
    if (!Files.isRegularFile(JAR)) {
      throw new AssertionError("no " + JAR + ": package the app module first");
    }
    LocalTopology topology = new LocalTopology(state);
    try {
      List<String> args = new ArrayList<>(List.of("--nodes", String.valueOf(nodes), "--jar", JAR.toString()));
      args.addAll(scriptArgs);
      topology.run(60 + 2 * NODE_HEALTH_SECONDS, "start", args.toArray(String[]::new));
      try (var reader = Files.newBufferedReader(state.resolve("topology.env"))) {
        topology.env.load(reader);
      }
      return topology;
    } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
      System.out.println(topology.diagnostics());
      topology.close();
      throw e;
    }
  }

  public int nginxPort() {
    return Integer.parseInt(value("NGINX_PORT"));
  }

  int redisPort() {
    return Integer.parseInt(value("REDIS_PORT"));
  }

  public List<Integer> nodePorts() {
    return Stream.of(value("NODE_PORTS").split("\\s+")).map(Integer::valueOf).toList();
  }

  private String value(String key) {
    String value = env.getProperty(key);
    if (value == null) {
      throw new AssertionError(key + " missing from " + state.resolve("topology.env"));
    }
    return value.replace("\"", "").trim();
  }

  /** SIGKILLs node {@code index} (1-based). */
  public void killNode(int index) throws IOException, InterruptedException {
    run(30, "kill-node", String.valueOf(index));
  }

  /** SIGKILLs Redis and starts it again on the same append-only file. */
  void restartRedis() throws IOException, InterruptedException {
    run(30, "restart-redis");
  }

  /** SIGSTOPs Redis: its connections stay open and nothing is answered until {@link #resumeRedis}. */
  void pauseRedis() throws IOException, InterruptedException {
    run(30, "pause-redis");
  }

  void resumeRedis() throws IOException, InterruptedException {
    run(30, "resume-redis");
  }

  String status() throws IOException, InterruptedException {
    return run(30, "status");
  }

  private String run(int seconds, String command, String... args) throws IOException, InterruptedException {
    List<String> line = new ArrayList<>(List.of("bash", SCRIPT.toString(), command, "--state", state.toString()));
    line.addAll(List.of(args));
    Path out = state.resolve("script-" + (++commands) + "-" + command + ".out");
    Files.createDirectories(state);
    ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(out.toFile());
    builder.environment().put("NODE_HEALTH_TIMEOUT", String.valueOf(NODE_HEALTH_SECONDS));
    Process process = builder.start();
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(String.join(" ", line) + " did not finish within " + seconds + " s:\n" + tail(out, 40));
    }
    String output = Files.readString(out, StandardCharsets.UTF_8);
    if (process.exitValue() != 0) {
      throw new AssertionError(String.join(" ", line) + " exited " + process.exitValue() + ":\n" + output);
    }
    return output;
  }

  /** The last lines of every node's log, nginx's error log and Redis's log. */
  public String diagnostics() {
    StringBuilder out = new StringBuilder("---- topology logs in ").append(state).append(" ----");
    try (Stream<Path> files = Files.list(state)) {
      files.filter(p -> {
        String name = p.getFileName().toString();
        return name.endsWith(".log") || name.endsWith(".out");
      }).sorted().forEach(p -> out.append("\n== ").append(p.getFileName()).append(" (last 60 lines) ==\n")
          .append(tail(p, 60)));
    } catch (IOException e) {
      out.append("\n(cannot list: ").append(e).append(')');
    }
    return out.toString();
  }

  private static String tail(Path file, int lines) {
    try {
      List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(cannot read: " + e + ")";
    }
  }

  /** Stops nginx, the nodes and Redis (the script gives each 10 s after SIGTERM, then SIGKILLs it). */
  @Override
  public void close() {
    if (!Files.isRegularFile(state.resolve("topology.env"))) {
      return;
    }
    try {
      run(60, "stop");
    } catch (IOException | AssertionError e) {
      System.out.println("stopping the topology in " + state + " failed: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
