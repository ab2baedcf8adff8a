package io.lockstep.sync.convergence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scale-out topology for real: Redis (append-only file, fsync always), three clustered
 * Lockstep processes of {@code target/lockstep.jar} and nginx in front, started by
 * {@code docker/run-local-topology.sh}. Thirty standard OT clients (as in {@link ConvergenceTest},
 * but riding out server failures: {@link OtClient#surviveServerLoss}) edit three documents through
 * nginx for about fifteen seconds while, midway, a node is SIGKILLed or Redis is SIGKILLed and
 * restarted on its append-only file. At the end every copy equals the server's snapshot and the op
 * log holds every acked op exactly once, at contiguous versions ({@link ConvergenceTest#verifyAll}).
 *
 * <p>Runs under failsafe after {@code package}. {@code -Dlockstep.seed=} replays a run.
 */
class ScaleOutIT {
  private static final int CLIENTS = 30;
  private static final int NODES = 3;
  /** About fifteen seconds of editing per client: 60 edits, 0–400 ms apart, plus round trips. */
  private static final Fleet.Plan PLAN = new Fleet.Plan(60, 400, 0, 0);
  private static final long FAULT_AFTER_MS = 5_000;

  @TempDir
  Path dir;

  /** What the test does to the topology midway. */
  private interface Fault {
    void inject(LocalTopology topology) throws Exception;
  }

  @Test
  @Timeout(value = 150, unit = TimeUnit.SECONDS)
  void clientsConvergeThroughNginxWhileANodeIsKilled() throws Exception {
    Fleet.Totals totals = runWithFault("kill-node", 91_301L, topology -> topology.killNode(2));
    assertThat(totals.serverCloses()).as("connections closed when node 2 died (clients reconnected through nginx)")
        .isPositive();
    assertThat(totals.reconnects()).as("reconnects").isGreaterThanOrEqualTo(totals.serverCloses());
  }

  @Test
  @Timeout(value = 150, unit = TimeUnit.SECONDS)
  void noAckedOpIsLostWhenRedisRestarts() throws Exception {
    runWithFault("restart-redis", 91_302L, LocalTopology::restartRedis);
  }

  private Fleet.Totals runWithFault(String name, long fixedSeed, Fault fault) throws Exception {
    long seed = Seeds.seed(fixedSeed);
    System.out.println("ScaleOutIT " + name + " seed=" + seed);
    long started = System.nanoTime();
    LocalTopology topology = LocalTopology.start(dir.resolve("topology"), NODES);
    ScheduledExecutorService chaos = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "chaos-" + name);
      thread.setDaemon(true);
      return thread;
    });
    Fleet fleet = new Fleet(topology.nginxPort());
    try {
      System.out.printf("ScaleOutIT %s: topology up in %.1f s: nginx %d, nodes %s, redis %d%n", name,
          (System.nanoTime() - started) / 1e9, topology.nginxPort(), topology.nodePorts(), topology.redisPort());
      List<OtClient> clients = ConvergenceTest.startFleet(fleet, CLIENTS, "s");
      clients.forEach(OtClient::surviveServerLoss);
      ScheduledFuture<Long> injected = chaos.schedule(() -> {
        long at = System.nanoTime();
        fault.inject(topology);
        System.out.printf("ScaleOutIT %s: injected in %.1f s%n", name, (System.nanoTime() - at) / 1e9);
        return at;
      }, FAULT_AFTER_MS, TimeUnit.MILLISECONDS);
      long runStarted = System.nanoTime();
      Fleet.Totals totals = fleet.run(clients, PLAN, seed, Duration.ofSeconds(75));
      System.out.printf("ScaleOutIT %s: editing took %.1f s; %s%n", name, (System.nanoTime() - runStarted) / 1e9,
          totals);
      assertThat(injected.isDone()).as("the fault was injected while the clients were editing").isTrue();
      injected.get(); // rethrows a failure of the script
      ConvergenceTest.verifyAll(fleet, clients);
      System.out.println("ScaleOutIT " + name + ": " + topology.status().trim().replace('\n', ',')
          + "; total " + (System.nanoTime() - started) / 1_000_000_000 + " s");
      return totals;
    } catch (Throwable t) {
      System.out.println(topology.diagnostics());
      throw Seeds.withSeed(seed, t);
    } finally {
      chaos.shutdownNow();
      fleet.close();
      topology.close();
    }
  }
}
