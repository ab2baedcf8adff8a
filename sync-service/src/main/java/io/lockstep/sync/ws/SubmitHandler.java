package io.lockstep.sync.ws;

import io.lockstep.common.auth.Rights;
import io.lockstep.common.config.Limits;
import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.LockstepException;
import io.lockstep.common.util.TokenBucket;
import io.lockstep.sync.sequencer.Sequencer;
import io.lockstep.sync.sequencer.SubmittedOp;

/**
 * {@code op}, {@code create} and {@code del}: checks the write right and the connection's op rate, hands the
 * op to the sequencer, and leaves its ack to the {@link AckBook}. A creation is submitted like any
 * op; one without {@code src}/{@code seq} cannot be de-duplicated and is acked as soon as the
 * sequencer answers.
 */
final class SubmitHandler {
  private final Session session;
  private final Sequencer sequencer;
  private final AckBook acks;
  private final ShutdownDrain drain;
  private final Replies replies;
  private final TokenBucket opRate;
  private final int opsPerSecond;

  SubmitHandler(Session session, Sequencer sequencer, AckBook acks, ShutdownDrain drain, Replies replies, Limits limits) {
    this.session = session;
    this.sequencer = sequencer;
    this.acks = acks;
    this.drain = drain;
    this.replies = replies;
    this.opRate = new TokenBucket(limits.opsPerSecond(), limits.opsBurst(), System.nanoTime());
    this.opsPerSecond = limits.opsPerSecond();
  }

  void onOp(ClientFrame.Op op, Rights rights) {
    Session.require(rights.canWrite(op.doc()), "write", op.doc());
    String src = op.src() != null ? op.src() : session.src();
    if (src == null) {
      throw new LockstepException(ErrorCode.BAD_REQUEST, "op needs a src (in the op or in hello)");
    }
    requireRate();
    submit(op.id(), SubmittedOp.edit(op.doc(), op.v(), src, op.seq(), op.op(), op.bytes()).by(rights.user()), op.echo());
  }

  void onCreate(ClientFrame.Create create, Rights rights) {
    Session.require(rights.canWrite(create.doc()), "write", create.doc());
    requireRate();
    String src = create.src() != null ? create.src() : session.src();
    long seq = src == null ? 0 : create.seq();
    if (src == null || seq <= 0) {
      submitUnnamed(create.id(), SubmittedOp.create(create.doc(), create.type(), create.data(), null, 0));
      return;
    }
    submit(create.id(), SubmittedOp.create(create.doc(), create.type(), create.data(), src, seq).by(rights.user()), false);
  }

  /** {@code del}: deletes the document, acked like a creation. */
  void onDelete(ClientFrame.Del del, Rights rights) {
    Session.require(rights.canWrite(del.doc()), "write", del.doc());
    requireRate();
    String src = del.src() != null ? del.src() : session.src();
    long seq = src == null ? 0 : del.seq();
    if (src == null || seq <= 0) {
      submitUnnamed(del.id(), SubmittedOp.delete(del.doc(), null, 0));
      return;
    }
    submit(del.id(), SubmittedOp.delete(del.doc(), src, seq).by(rights.user()), false);
  }

  /** An op without (src, seq): nothing can de-duplicate it, so it is acked as soon as the sequencer answers. */
  private void submitUnnamed(Long id, SubmittedOp op) {
    drain.started();
    sequencer.submit(op).onComplete(ar -> {
      drain.finished();
      if (ar.failed()) {
        replies.failWith(id, op.doc(), ar.cause());
      } else {
        replies.send(ServerFrames.ack(id, op.doc(), ar.result()));
      }
    });
  }

  private void submit(Long id, SubmittedOp op, boolean echo) {
    acks.awaiting(op.doc(), op.src(), op.seq(), id, echo);
    drain.started();
    sequencer.submit(op).onComplete(ar -> {
      drain.finished();
      acks.answered(op.doc(), op.src(), op.seq(), ar);
    });
  }

  private void requireRate() {
    if (!opRate.tryTake(System.nanoTime())) {
      throw new LockstepException(ErrorCode.RATE_LIMITED,
          "more than " + opsPerSecond + " ops per second; slow down and resend");
    }
  }
}
