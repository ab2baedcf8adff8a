package io.lockstep.sync.convergence;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.sync.testing.SyncTestServer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A client that was away longer than the server keeps history reconnects, asks to catch up from
 * its old version, gets a snapshot instead (docs/protocol.md, {@code sub} with {@code v}), rebuilds
 * from it and goes on editing with the others: all copies converge.
 */
class SnapshotCatchUpConvergenceTest {
  private static final String DOC = "snap/text";

  private SyncTestServer server;
  private Fleet fleet;

  @BeforeEach
  void start() {
    server = SyncTestServer.start(ShortHistory.config());
    fleet = new Fleet(server);
  }

  @AfterEach
  void stop() {
    fleet.close();
    server.close();
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void clientBackFromALongAbsenceRebuildsFromTheSnapshotAndConverges() {
    long seed = Seeds.seed(515L);
    System.out.println("SnapshotCatchUpConvergenceTest seed=" + seed);
    try {
      Random rnd = new Random(seed);
      TextEdits edits = new TextEdits();
      fleet.view().create(DOC, "text-unicode", edits.initialData());
      OtClient away = fleet.client("away", DOC);
      OtClient stays = fleet.client("stays", DOC);
      List<OtClient> both = List.of(away, stays);
      both.forEach(OtClient::open);
      pumpUntil(both, () -> away.idle() && stays.idle(), "both subscribed");

      // While `away` reads nothing, `stays` makes many more edits than the server keeps.
      for (int i = 0; i < 4 * ShortHistory.KEPT; i++) {
        stays.edit(edits.next(stays.document(), rnd));
        pumpUntil(List.of(stays), stays::idle, "the edit acked");
      }
      long awayAt = away.version();
      away.reconnect();
      pumpUntil(both, away::idle, "the reconnect");
      assertThat(away.stats()).as("the catch-up came as a snapshot").contains("2 snapshot replies");
      assertThat(away.version()).isGreaterThan(awayAt + ShortHistory.KEPT);

      // Then both edit at once, a few ops apart (the server still holds their bases).
      for (int i = 0; i < 30; i++) {
        away.edit(edits.next(away.document(), rnd));
        stays.edit(edits.next(stays.document(), rnd));
        pumpUntil(both, () -> away.idle() && stays.idle() && away.version() == stays.version(), "both acked");
      }
      JsonObject snapshot = fleet.view().snapshotBySub(DOC);
      assertThat(fleet.view().snapshotByHttp(DOC).getLong("v")).isEqualTo(snapshot.getLong("v"));
      for (OtClient client : both) {
        assertThat(client.version()).as("version of %s", client.src()).isEqualTo(snapshot.getLong("v"));
        assertThat(client.document()).as("document of %s", client.src()).isEqualTo(snapshot.getString("data"));
      }
    } catch (Throwable t) {
      throw Seeds.withSeed(seed, t);
    }
  }

  static void pumpUntil(List<OtClient> clients, BooleanSupplier done, String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!done.getAsBoolean()) {
      boolean any = false;
      for (OtClient client : clients) {
        any |= client.pump(0);
      }
      if (!any) {
        clients.get(0).pump(1);
      }
      if (System.nanoTime() > deadline) {
        throw clients.get(0).stuck("timed out waiting for " + what);
      }
    }
  }
}
