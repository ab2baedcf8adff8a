package io.lockstep.sync.sequencer;

import io.lockstep.common.engine.ops.CommitResult;
import io.lockstep.common.engine.ops.Snapshot;
import io.lockstep.common.engine.ops.StoredOp;
import io.lockstep.common.ot.InvalidOpException;
import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.LockstepException;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * One batch of a document's waiting submissions, built in memory and committed with one
 * {@code OpStore.commitAll}: each op is rebased over the history since its base and over the
 * batch's earlier ops, then applied to the batch's running snapshot. Answers (acks, errors,
 * resubmissions) are given only once the batch is committed, in arrival order, so a client never
 * hears about a later op before an earlier one.
 *
 * <p>Not thread-safe: lives within one sequencer task.
 */
final class BatchPlan {
  /** Ops per store call: bounds the script's run time on Redis and the work lost to a conflict. */
  static final int MAX_OPS = 64;
  static final int MAX_BYTES = 256 * 1024;

  private final DocState state;
  private final SequencerContext deps;
  private final List<PendingSubmission> offered = new ArrayList<>();
  private final List<Planned> planned = new ArrayList<>();
  private final List<RecentOp> tail = new ArrayList<>();
  private Object snapshot;
  private int bytes;

  /** What each offered submission will be answered with once the batch is in. */
  private sealed interface Answer permits Planned, Known, Refused {}

  private record Planned(PendingSubmission item, StoredOp op, Object rebased, Object next) implements Answer {}

  /** A resubmission of an op committed before or earlier in this batch. */
  private record Known(PendingSubmission item, long v) implements Answer {}

  private record Refused(PendingSubmission item, Throwable error) implements Answer {}

  private final List<Answer> answers = new ArrayList<>();

  BatchPlan(DocState state, SequencerContext deps) {
    this.state = state;
    this.deps = deps;
    this.snapshot = state.snapshot();
  }

  List<PendingSubmission> offered() {
    return offered;
  }

  /**
   * Takes the submission into the batch. False, and nothing changes, when it must run alone
   * through {@link SubmitRequest}: the batch is full, the document is missing, the op's base is
   * ahead of this node or older than the history in memory, or its source already has a later op
   * in the batch.
   */
  boolean offer(PendingSubmission item) {
    Submission s = item.submission();
    if (planned.size() >= MAX_OPS || bytes + s.opBytes() > MAX_BYTES || !state.exists() || s.baseV() > state.v()
        || laterFromSameSource(s)) {
      return false;
    }
    List<RecentOp> history = state.since(s.baseV());
    if (history == null) {
      return false;
    }
    offered.add(item);
    answers.add(plan(item, history));
    return true;
  }

  private Answer plan(PendingSubmission item, List<RecentOp> history) {
    Submission s = item.submission();
    List<RecentOp> over = new ArrayList<>(history.size() + tail.size());
    over.addAll(history);
    over.addAll(tail);
    try {
      Object parsed = state.type().parseOp(s.opJson());
      Rebase.Outcome outcome = Rebase.over(state.type(), parsed, s.src(), s.seq(), over);
      if (outcome instanceof Rebase.AlreadyCommitted dup) {
        return new Known(item, dup.v());
      }
      Object rebased = ((Rebase.Rebased) outcome).op();
      Object next = state.type().apply(snapshot, rebased);
      state.checkSize(next, bytes + s.opBytes(), deps.limits().maxDocBytes());
      StoredOp op = new StoredOp(state.doc, state.v() + planned.size() + 1, s.src(), s.src() == null ? 0 : s.seq(),
          state.type().writeOp(rebased), null, false, System.currentTimeMillis());
      Planned p = new Planned(item, op, rebased, next);
      planned.add(p);
      tail.add(new RecentOp(op, rebased));
      snapshot = next;
      bytes += s.opBytes();
      return p;
    } catch (InvalidOpException e) {
      return new Refused(item, new LockstepException(ErrorCode.INVALID_OP, e.getMessage()));
    } catch (LockstepException e) {
      return new Refused(item, e);
    }
  }

  private boolean laterFromSameSource(Submission s) {
    if (s.src() == null) {
      return false;
    }
    for (Planned p : planned) {
      if (s.src().equals(p.op().src()) && p.op().seq() >= s.seq()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Commits the planned ops and answers every offered submission. The future tells how it went:
   * {@code true} when the batch is in (or had nothing to commit) and everything was answered;
   * {@code false} when the store refused the batch as a whole (another node committed first, or
   * it already knew one of the ops) and nothing was answered: the caller runs each submission
   * alone, where retries and de-duplication decide it. A failed store call fails every submission,
   * since the batch may or may not be in: clients resubmit with the same src/seq.
   */
  Future<Boolean> commit() {
    if (planned.isEmpty()) {
      answerAll();
      return Future.succeededFuture(true);
    }
    Planned last = planned.get(planned.size() - 1);
    boolean snapshotDue = last.op().v() - state.storedSnapshotV() >= deps.limits().snapshotEvery();
    Snapshot after = snapshotDue
        ? new Snapshot(state.doc, last.op().v(), state.type().name(), state.type().writeSnapshot(last.next()))
        : null;
    List<StoredOp> ops = planned.stream().map(Planned::op).toList();
    return deps.local(deps.store().commitAll(ops, after)).transform(ar -> {
      if (ar.failed()) {
        offered.forEach(item -> item.result().tryFail(ar.cause()));
        return Future.succeededFuture(true);
      }
      if (!(ar.result() instanceof CommitResult.Committed)) {
        if (ar.result() instanceof CommitResult.VersionConflict) {
          deps.metrics().retried();
        }
        return Future.succeededFuture(false);
      }
      for (Planned p : planned) {
        state.advance(p.op(), p.rebased(), p.next(), p.item().submission().opBytes());
        deps.metrics().committed(p.item().arrivedNanos());
      }
      if (snapshotDue) {
        state.snapshotStoredAt(last.op().v());
      }
      deps.metrics().batchCommitted(planned.size());
      answerAll();
      return Future.succeededFuture(true);
    });
  }

  private void answerAll() {
    for (Answer answer : answers) {
      if (answer instanceof Planned p) {
        p.item().result().tryComplete(p.op().v());
      } else if (answer instanceof Known k) {
        deps.metrics().resubmitted();
        k.item().result().tryComplete(k.v());
      } else if (answer instanceof Refused r) {
        r.item().result().tryFail(r.error());
      }
    }
  }
}
