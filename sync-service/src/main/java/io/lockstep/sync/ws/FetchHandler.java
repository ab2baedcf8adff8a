package io.lockstep.sync.ws;

import io.lockstep.common.auth.Rights;
import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.sync.sequencer.OpsRange;
import io.lockstep.sync.history.SnapshotHistory;
import io.lockstep.sync.sequencer.Sequencer;

/**
 * {@code fetch}: a range of committed ops, read through the sequencer (so caught up with the
 * store); {@code snap}: the document at an earlier version.
 */
final class FetchHandler {
  private final Sequencer sequencer;
  private final SnapshotHistory history;
  private final Replies replies;

  FetchHandler(Sequencer sequencer, SnapshotHistory history, Replies replies) {
    this.sequencer = sequencer;
    this.history = history;
    this.replies = replies;
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
    sequencer.ops(fetch.doc(), fetch.from(), fetch.to()).onComplete(ar -> {
      if (ar.failed()) {
        replies.failWith(fetch.id(), fetch.doc(), ar.cause());
        return;
      }
      OpsRange range = ar.result();
      if (!range.complete()) {
        replies.fail(fetch.id(), fetch.doc(), ErrorCode.NOT_FOUND,
            "ops after version " + fetch.from() + " are no longer retained; subscribe for a snapshot");
        return;
      }
      replies.send(ServerFrames.ops(fetch.id(), fetch.doc(), fetch.from(), range.ops()));
    });
  }
}
