package io.lockstep.sync.convergence;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.sync.testing.SyncTestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Thirty standard OT clients edit three shared documents (two json0, one text-unicode) at once,
 * with random edits and pauses, over real WebSockets. Once all are quiescent, every copy equals
 * the server's snapshot and the op log holds each acked op exactly once.
 */
class ConvergenceTest {
  static final String[] DOCS = {"conv/json-a", "conv/text-b", "conv/json-c"};
  static final String[] TYPES = {"json0", "text-unicode", "json0"};
  private static final int CLIENTS = 30;

  private SyncTestServer server;
  private Fleet fleet;

  @BeforeEach
  void start() {
    server = SyncTestServer.start();
    fleet = new Fleet(server);
  }

  @AfterEach
  void stop() {
    fleet.close();
    server.close();
  }

  @Test
  @Timeout(value = 40, unit = TimeUnit.SECONDS)
  void thirtyConcurrentClientsConvergeOnTheServerSnapshotWithEveryOpOnce() throws Exception {
    long seed = Seeds.seed(20240611L);
    System.out.println("ConvergenceTest seed=" + seed);
    try {
      List<OtClient> clients = startFleet(fleet, CLIENTS, "c");
      Fleet.Totals totals = fleet.run(clients, new Fleet.Plan(40, 80, 0, 0), seed, Duration.ofSeconds(25));
      System.out.println("ConvergenceTest: " + totals);
      verifyAll(fleet, clients);
      assertThat(totals.resubscribes()).as("subscriptions the server interrupted").isZero();
    } catch (Throwable t) {
      throw Seeds.withSeed(seed, t);
    }
  }

  /** Creates the documents and one client per index, spread round-robin over them. */
  static List<OtClient> startFleet(Fleet fleet, int count, String prefix) {
    for (int d = 0; d < DOCS.length; d++) {
      fleet.createDoc(DOCS[d], TYPES[d]);
    }
    List<OtClient> clients = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      clients.add(fleet.client(prefix + "-" + i, DOCS[i % DOCS.length]));
    }
    return clients;
  }

  static void verifyAll(Fleet fleet, List<OtClient> clients) {
    for (String doc : DOCS) {
      ConvergenceChecks.verify(fleet.view(), doc, clients.stream().filter(c -> c.doc().equals(doc)).toList());
    }
  }
}
