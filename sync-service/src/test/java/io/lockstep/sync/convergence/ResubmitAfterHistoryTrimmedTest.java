package io.lockstep.sync.convergence;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.sync.testing.FrameSocket;
import io.lockstep.sync.testing.SyncTestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SERVER BUG REPRODUCTION — fails until the server is fixed.
 *
 * <p>PROTOCOL.md: "Resubmitting an op whose (src, seq) is already committed is answered with an
 * ack carrying the ORIGINAL version and changes nothing", which is what makes reconnecting safe.
 * The server answers {@code conflict} instead when the op's base version is older than the
 * history it still keeps: the pipeline first asks {@code DocSequencer.history(base)}, and the plan
 * step ({@code CommitPlan.lead}) refuses a {@code History.Trimmed} with {@code conflict} ("made against version …, older than the history this server keeps")
 * before {@code Rebase.over} or the store's {@code (src, seq)} check can recognise the op as a
 * duplicate, although the store still knows its version (the last seq of each src is never evicted).
 * A client that lost its connection before the ack, and was away long enough to get a snapshot on
 * reconnect, therefore cannot learn whether its edit went in: redoing it may apply it twice.
 */
class ResubmitAfterHistoryTrimmedTest {
  private static final String DOC = "bug/resubmit";

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

  /** The bug in four frames. */
  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void resubmittedOpIsAckedWithItsOriginalVersionAfterItsHistoryIsTrimmed() {
    fleet.view().create(DOC, "text-unicode", "");
    try (FrameSocket author = fleet.connect(); FrameSocket other = fleet.connect()) {
      author.request(new JsonObject().put("t", "hello").put("id", 1).put("src", "author"));
      other.request(new JsonObject().put("t", "hello").put("id", 1).put("src", "other"));
      JsonObject op = new JsonObject().put("t", "op").put("id", 2).put("doc", DOC).put("v", 1).put("seq", 1)
          .put("op", new JsonArray().add("a"));
      assertThat(author.request(op).getLong("v")).isEqualTo(2);
      for (int i = 0; i < 4 * ShortHistory.KEPT; i++) {
        JsonObject ack = other.request(new JsonObject().put("t", "op").put("id", 10 + i).put("doc", DOC)
            .put("v", 2 + i).put("seq", 1 + i).put("op", new JsonArray().add("b")));
        assertThat(ack.getString("t")).isEqualTo("ack");
      }

      JsonObject again = author.request(op.copy().put("id", 3));

      assertThat(again.getString("t") + " v" + again.getValue("v"))
          .as("reply to the resubmitted op author/1, committed at v2: %s", again.encode())
          .isEqualTo("ack v2");
    }
  }

  /**
   * The same through the reconnect recipe of docs/protocol.md: the op is committed, the ack is lost
   * with the connection, the catch-up comes as a snapshot, the client resends the op.
   */
  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void clientWhoseAckWasLostLearnsItsOpsVersionAfterASnapshotCatchUp() {
    Random rnd = new Random(7);
    TextEdits edits = new TextEdits();
    fleet.view().create(DOC, "text-unicode", edits.initialData());
    OtClient author = fleet.client("author", DOC);
    OtClient other = fleet.client("other", DOC);
    List<OtClient> both = List.of(author, other);
    both.forEach(OtClient::open);
    SnapshotCatchUpConvergenceTest.pumpUntil(both, () -> author.idle() && other.idle(), "both subscribed");

    author.edit(TextEdits.insert(0, "mine"));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (fleet.view().snapshotByHttp(DOC).getLong("v") < 2) {
      assertThat(System.nanoTime()).as("the author's op committed").isLessThan(deadline);
    }
    for (int i = 0; i < 4 * ShortHistory.KEPT; i++) {
      other.edit(edits.next(other.document(), rnd));
      SnapshotCatchUpConvergenceTest.pumpUntil(List.of(other), other::idle, "the edit acked");
    }
    author.reconnect();
    SnapshotCatchUpConvergenceTest.pumpUntil(both, () -> author.idle() && other.idle()
        && author.version() == other.version(), "the author's resubmission acked");

    assertThat(author.ackedVersions()).as("versions of the author's ops").containsEntry(1L, 2L);
    assertThat(author.document()).isEqualTo(other.document());
    assertThat(author.document()).isEqualTo(fleet.view().snapshotBySub(DOC).getString("data"));
  }
}
