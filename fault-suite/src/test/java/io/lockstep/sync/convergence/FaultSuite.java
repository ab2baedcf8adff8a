package io.lockstep.sync.convergence;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.common.testing.FreePorts;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The fault suite of issue 14: one real topology ({@code docker/run-local-topology.sh}: Redis with
 * its append-only file fsynced on every write, three Lockstep processes of {@code lockstep.jar},
 * nginx in front), each node reaching Redis through its own {@link LinkProxy}, and one scenario per
 * fault, run one after the other on fresh documents: Redis SIGKILLed and restarted from its AOF,
 * Redis SIGSTOPped for longer than client timeouts, a node's Redis link reset and stalled, a client
 * that stops reading, a node SIGKILLed. {@link FaultRun} drives each and checks it from the outside.
 * Subclasses choose the mode (with or without {@code --cluster}); the seeds are fixed
 * ({@code -Dlockstep.seed=} replays or randomizes them).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class FaultSuite {
  private static final int NODES = 3;
  /** Long enough for a store call's timeout to fire while Redis is paused or the link stalled. */
  private static final long OUTAGE_MS = Long.getLong("lockstep.faults.outageMs", 7_000);

  private final String mode;
  private final long seedBase;
  private Path state;
  private LocalTopology topology;
  private Vertx vertx;
  private WebSocketClient sockets;
  private final List<LinkProxy> links = new ArrayList<>();
  private boolean redisPaused;

  FaultSuite(String mode, long seedBase) {
    this.mode = mode;
    this.seedBase = seedBase;
  }

  /** The script's extra start arguments for this mode, e.g. {@code --no-cluster}. */
  abstract List<String> modeArgs();

  @BeforeAll
  void startTopology() throws Exception {
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    sockets = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(1_000));
    int redisPort = FreePorts.loopback();
    List<String> linkPorts = new ArrayList<>();
    for (int i = 0; i < NODES; i++) {
      LinkProxy link = LinkProxy.start(vertx, FreePorts.loopback(), redisPort);
      links.add(link);
      linkPorts.add(String.valueOf(link.port()));
    }
    state = Files.createTempDirectory("lockstep-faults-" + mode + "-");
    List<String> args = new ArrayList<>(List.of("--redis-port", String.valueOf(redisPort),
        "--node-redis-ports", String.join(" ", linkPorts)));
    args.addAll(modeArgs());
    long started = System.nanoTime();
    topology = LocalTopology.start(state, NODES, args);
    System.out.printf("FaultSuite %s: topology up in %.1f s (state in %s)%n", mode, (System.nanoTime() - started) / 1e9,
        state);
  }

  @AfterEach
  void heal() throws Exception {
    if (redisPaused) {
      topology.resumeRedis();
      redisPaused = false;
    }
    links.forEach(link -> link.set(LinkProxy.Mode.OPEN));
  }

  @AfterAll
  void stopTopology() throws IOException {
    if (topology != null) {
      topology.close();
    }
    // The logs of a failed scenario were printed with its failure.
    if (state != null) {
      try (Stream<Path> files = Files.walk(state)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    links.forEach(LinkProxy::close);
    if (vertx != null) {
      vertx.close().await();
    }
  }

  private FaultRun run(String name, int seedOffset) {
    return new FaultRun(mode + "-" + name, Seeds.seed(seedBase + seedOffset), topology, vertx, sockets);
  }

  @Test
  @Order(1)
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void redisKilledAndRestartedFromItsAppendOnlyFile() throws Exception {
    run("redis-restart", 1).go(() -> topology.restartRedis());
  }

  @Test
  @Order(2)
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void redisPausedLongerThanClientTimeouts() throws Exception {
    run("redis-pause", 2).go(() -> {
      topology.pauseRedis();
      redisPaused = true;
      Thread.sleep(OUTAGE_MS);
      topology.resumeRedis();
      redisPaused = false;
    });
  }

  @Test
  @Order(3)
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void aNodesRedisLinkResetAndRestored() throws Exception {
    run("link-reset", 3).go(() -> cutLink(LinkProxy.Mode.RESET));
  }

  @Test
  @Order(4)
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void aNodesRedisLinkStalledMidFlightAndRestored() throws Exception {
    run("link-stall", 4).go(() -> cutLink(LinkProxy.Mode.STALL));
  }

  @Test
  @Order(5)
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void aClientThatStopsReading() throws Exception {
    run("stalled-reader", 5).withStalledReader(OUTAGE_MS).go(() -> { });
  }

  /** Last: node 2 stays down (starting it again would cost the suite a JVM start). */
  @Test
  @Order(6)
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void aNodeKilled() throws Exception {
    FaultRun run = run("node-kill", 6);
    run.dooming(2).go(() -> topology.killNode(2));
    assertThat(run.presenceLeaveMs()).as("ms from the kill until every member was told").isNotNegative();
  }

  /** Node 1's Redis link in {@code how} for {@link #OUTAGE_MS}, then open again. */
  private void cutLink(LinkProxy.Mode how) throws InterruptedException {
    LinkProxy link = links.get(0);
    link.set(how);
    Thread.sleep(OUTAGE_MS);
    link.set(LinkProxy.Mode.OPEN);
  }
}
