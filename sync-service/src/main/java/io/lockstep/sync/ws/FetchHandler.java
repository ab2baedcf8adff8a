package io.lockstep.sync.ws;

import io.lockstep.common.auth.Rights;
import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.sync.sequencer.OpsRange;
import io.lockstep.sync.sequencer.Sequencer;

/** {@code fetch}: a range of committed ops, read through the sequencer (so caught up with the store). */
final class FetchHandler {
  private final Sequencer sequencer;
  private final Replies replies;

  FetchHandler(Sequencer sequencer, Replies replies) {
    this.sequencer = sequencer;
    this.replies = replies;
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
