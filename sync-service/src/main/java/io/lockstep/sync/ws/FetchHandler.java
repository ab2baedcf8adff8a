package io.lockstep.sync.ws;

import io.lockstep.common.auth.Rights;
import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.config.Limits;
import io.lockstep.sync.sequencer.OpsPage;
import io.vertx.core.json.JsonObject;
import io.lockstep.sync.history.SnapshotHistory;
import io.lockstep.sync.sequencer.Sequencer;

/**
 * {@code fetch}: a range of committed ops, read through the sequencer (so caught up with the
 * store), one page at a time ({@link OpsPage}: {@code next} when more remain); {@code snap}: the document at an earlier version.
 */
final class FetchHandler {
  private final Sequencer sequencer;
  private final SnapshotHistory history;
  private final Replies replies;
  private final Limits limits;

  FetchHandler(Sequencer sequencer, SnapshotHistory history, Replies replies, Limits limits) {
    this.sequencer = sequencer;
    this.history = history;
    this.replies = replies;
    this.limits = limits;
  }

  /** {@code snap}: the document at an earlier version, as a {@code snapshot} reply (no subscription). */
  void onSnap(ClientFrame.Snap snap, Rights rights) {
    Session.require(rights.canRead(snap.doc()), "read", snap.doc());
    history.at(snap.doc(), snap.v()).onComplete(ar -> {
      if (ar.failed()) {
        replies.failWith(snap.id(), snap.doc(), ar.cause());
      } else {
        replies.send(ServerFrames.snapshot(snap.id(), ar.result()));
      }
    });
  }

  void onFetch(ClientFrame.Fetch fetch, Rights rights) {
    Session.require(rights.canRead(fetch.doc()), "read", fetch.doc());
    OpsPage.read(sequencer, fetch.doc(), fetch.from(), fetch.to(), limits).onComplete(ar -> {
      if (ar.failed()) {
        replies.failWith(fetch.id(), fetch.doc(), ar.cause());
        return;
      }
      OpsPage page = ar.result();
      if (!page.complete()) {
        replies.fail(fetch.id(), fetch.doc(), ErrorCode.NOT_FOUND,
            "ops after version " + fetch.from() + " are no longer retained; subscribe for a snapshot");
        return;
      }
      JsonObject reply = ServerFrames.ops(fetch.id(), fetch.doc(), fetch.from(), page.ops());
      page.next().ifPresent(next -> reply.put("next", next));
      replies.send(reply);
    });
  }
}
