package io.lockstep.sync.sequencer;

import io.lockstep.common.engine.ops.CommitResult;
import io.lockstep.common.engine.ops.Snapshot;
import io.lockstep.common.engine.ops.StoredOp;
import io.lockstep.common.ot.InvalidOpException;
import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.LockstepException;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/**
 * One run of the submit pipeline for one op: load → rebase (with de-duplication) → apply →
 * commit → done. Publishing is the store's part of commit, so commit order is publish order.
 * The only loop is {@link #retry}: a commit that lost the version race (another node committed
 * first) reads the missing ops and rebases again, at most {@code maxSubmitRetries} times.
 */
final class SubmitRequest {
  private final DocSequencer sequencer;
  private final SequencerContext deps;
  private final Submission submission;
  private final long startNanos;
  private int retries;

  SubmitRequest(DocSequencer sequencer, SequencerContext deps, Submission submission, long startNanos) {
    this.sequencer = sequencer;
    this.deps = deps;
    this.submission = submission;
    this.startNanos = startNanos;
  }

  /** The version the op was committed at (or, for a resubmission, was committed at before). */
  Future<Long> run() {
    return sequencer.loaded().compose(state -> {
      if (state.exists() && submission.baseV() <= state.v()) {
        return attempt(state);
      }
      // Our state may be stale (another node committed, or ownership just moved here): catch up
      // with the store once before calling the document missing or the op ahead of it.
      return sequencer.catchUp().compose(this::attempt);
    });
  }

  private Future<Long> attempt(DocState state) {
    if (!state.exists()) {
      return Future.failedFuture(new LockstepException(ErrorCode.NOT_FOUND, "document " + state.doc + " does not exist"));
    }
    if (submission.baseV() > state.v()) {
      return Future.failedFuture(new LockstepException(ErrorCode.VERSION_AHEAD,
          "op made against version " + submission.baseV() + " but the document is at " + state.v()));
    }
    return sequencer.history(submission.baseV())
        .compose(history -> history != null ? rebaseAndCommit(state, history) : tooOld());
  }

  /**
   * The ops since the base are no longer kept, so the op cannot be rebased. It may still be a
   * resubmission of an op committed long ago (a client whose ack was lost and who got a snapshot
   * on reconnect): the store's record of each source's commits answers that.
   */
  private Future<Long> tooOld() {
    Future<Optional<Long>> committed = submission.src() == null
        ? Future.succeededFuture(Optional.empty())
        : deps.local(deps.store().committedVersion(submission.doc(), submission.src(), submission.seq()));
    return committed.compose(v -> {
      if (v.isPresent()) {
        deps.metrics().resubmitted();
        return Future.succeededFuture(v.get());
      }
      return Future.failedFuture(new LockstepException(ErrorCode.CONFLICT, "the op was made against version "
          + submission.baseV() + ", older than the history this server keeps; resubscribe and make it again"));
    });
  }

  private Future<Long> rebaseAndCommit(DocState state, List<RecentOp> history) {
    Object parsed;
    Rebase.Outcome outcome;
    try {
      parsed = state.type().parseOp(submission.opJson());
      outcome = Rebase.over(state.type(), parsed, submission.src(), submission.seq(), history);
    } catch (InvalidOpException e) {
      return Future.failedFuture(new LockstepException(ErrorCode.INVALID_OP, e.getMessage()));
    }
    if (outcome instanceof Rebase.AlreadyCommitted dup) {
      deps.metrics().resubmitted();
      return Future.succeededFuture(dup.v());
    }
    Object rebased = ((Rebase.Rebased) outcome).op();
    Object next;
    try {
      next = state.type().apply(state.snapshot(), rebased);
      state.checkSize(next, submission.opBytes(), deps.limits().maxDocBytes());
    } catch (InvalidOpException e) {
      return Future.failedFuture(new LockstepException(ErrorCode.INVALID_OP, e.getMessage()));
    }
    return commit(state, rebased, next);
  }

  private Future<Long> commit(DocState state, Object rebased, Object next) {
    StoredOp op = new StoredOp(state.doc, state.v() + 1, submission.src(), submission.src() == null ? 0 : submission.seq(),
        state.type().writeOp(rebased), null, false, System.currentTimeMillis());
    boolean snapshotDue = op.v() - state.storedSnapshotV() >= deps.limits().snapshotEvery();
    Snapshot snapshotAfter = snapshotDue
        ? new Snapshot(state.doc, op.v(), state.type().name(), state.type().writeSnapshot(next))
        : null;
    return deps.local(deps.store().commit(op, snapshotAfter)).compose(result -> {
      if (result instanceof CommitResult.Committed committed) {
        state.advance(op, rebased, next, submission.opBytes());
        if (snapshotDue) {
          state.snapshotStoredAt(op.v());
        }
        deps.metrics().committed(startNanos);
        return Future.succeededFuture(committed.v());
      }
      if (result instanceof CommitResult.Duplicate duplicate) {
        return resubmittedElsewhere(duplicate);
      }
      return retry();
    });
  }

  /** The store knew this (src, seq) although our history did not: another node committed it. */
  private Future<Long> resubmittedElsewhere(CommitResult.Duplicate duplicate) {
    deps.metrics().resubmitted();
    if (duplicate.originalV() < 0) {
      return Future.failedFuture(new LockstepException(ErrorCode.CONFLICT,
          "op " + submission.src() + "/" + submission.seq() + " was committed long ago; its version is no longer retained"));
    }
    return sequencer.catchUp().map(state -> duplicate.originalV());
  }

  private Future<Long> retry() {
    retries++;
    deps.metrics().retried();
    if (retries > deps.limits().maxSubmitRetries()) {
      return Future.failedFuture(new LockstepException(ErrorCode.UNAVAILABLE,
          "gave up after " + retries + " commit attempts; the document is too contended, retry"));
    }
    return sequencer.catchUp().compose(this::attempt);
  }
}
