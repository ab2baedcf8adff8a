package io.lockstep.sync.sequencer;

import io.lockstep.common.engine.ops.CommitResult;
import io.lockstep.common.engine.ops.Snapshot;
import io.lockstep.common.engine.ops.StoredOp;
import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.LockstepException;
import io.vertx.core.Future;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;

/**
 * The one submit pipeline: runs the ops that were waiting for one document when its sequencer's
 * turn came, as few store commits as possible. Each round takes the first waiting op as the lead
 * and goes
 *
 * <pre>
 *   prepare (I/O: load, catch up, read the history the lead needs)
 *     → plan    ({@link CommitPlan}, I/O-free: the lead, then every following op that fits)
 *     → commit  (one {@code OpStore.commitAll}; the store publishes what it commits)
 *     → answer  (every op of the plan, in arrival order)
 * </pre>
 *
 * <p>A lone op is a plan of one; a creation is an op that nothing joins. Under load one round turns
 * N store round trips into one, which is what lets a hot document go faster than one commit
 * latency per op. The only loop is {@link #retry}: a commit that lost the version race (another
 * node committed first) catches up and plans the same ops again, at most {@code maxSubmitRetries}
 * times, each counted in {@code lockstep_sync_commit_retries}.
 */
final class SubmitPipeline {
  private final DocSequencer sequencer;
  private final ShardResources deps;
  private final ArrayDeque<QueuedOp> waiting;
  /** Lost races of the current round's ops; back to 0 when a round ends any other way. */
  private int retries;
  /** How many of the next rounds must be plans of one: the ops of a plan the store refused as a whole. */
  private int alone;

  SubmitPipeline(DocSequencer sequencer, ShardResources deps, List<QueuedOp> waiting) {
    this.sequencer = sequencer;
    this.deps = deps;
    this.waiting = new ArrayDeque<>(waiting);
  }

  /** Completes when every op has been answered; never fails. */
  Future<Void> run() {
    // Rounds that needed no I/O (every op refused or known) complete at once: loop over them
    // rather than recurse, so a long queue of such ops cannot exhaust the stack.
    for (QueuedOp lead = waiting.pollFirst(); lead != null; lead = waiting.pollFirst()) {
      Future<Void> round = round(lead);
      if (!round.isComplete()) {
        return round.compose(v -> run());
      }
    }
    return Future.succeededFuture();
  }

  /** The facts the lead op's plan needs, gathered with whatever I/O they take. */
  private record Prepared(DocState state, History history) {}

  private Future<Void> round(QueuedOp lead) {
    return prepare(lead.op())
        .compose(prepared -> prepared.history() instanceof History.Trimmed && lead.op().src() != null
            ? committedLongAgo(lead).compose(answered -> answered ? Future.succeededFuture() : planAndCommit(lead, prepared))
            : planAndCommit(lead, prepared))
        .recover(failure -> {
          // The store could not be read: only the lead is failed, the others get their own round.
          retries = 0;
          lead.result().tryFail(failure);
          return Future.succeededFuture();
        });
  }

  /**
   * Loads the state and, when it may be stale (the document looks missing or the op ahead of it:
   * another node may have committed, or ownership just moved here), catches up with the store
   * once; then reads the history since the op's base from the store when memory lacks it (not for
   * a crdt op, which is never rebased: memory's history only serves to recognise a resubmission). A
   * creation or deletion checks the store's version first, as any read does.
   */
  private Future<Prepared> prepare(SubmittedOp op) {
    if (!(op.change() instanceof SubmittedOp.Edit)) {
      return sequencer.fresh().map(state -> new Prepared(state, state.since(0)));
    }
    long base = op.baseV();
    return sequencer.loaded()
        .compose(state -> state.exists() && base <= state.v() ? Future.succeededFuture(state) : sequencer.catchUp())
        .compose(state -> !state.exists() || base > state.v() || state.isCrdt()
            ? Future.succeededFuture(new Prepared(state, state.since(base)))
            : sequencer.history(base).map(history -> new Prepared(state, history)));
  }

  /**
   * The ops since the lead's base are no longer kept in memory. It may be a resubmission of an op
   * committed long ago (a client whose ack was lost and who got a snapshot on reconnect): the
   * store's record of each source's commits answers that. True when it did. Otherwise the plan
   * refuses an OT edit (it cannot be rebased) and commits a crdt edit, which is never rebased: the
   * store still de-duplicates it against its source's record and its retained ops, and when it has
   * neither, the source has, as far as the server can tell, committed nothing still recorded, so
   * the op is new (docs/protocol.md §6: a device offline for long never loses its changes).
   */
  private Future<Boolean> committedLongAgo(QueuedOp lead) {
    SubmittedOp op = lead.op();
    Future<Optional<Long>> committed = deps.local(deps.store().committedVersion(op.doc(), op.src(), op.seq()));
    return committed.map(v -> {
      if (v.isEmpty()) {
        return false;
      }
      retries = 0;
      deps.metrics().resubmitted();
      lead.result().tryComplete(v.get());
      return true;
    });
  }

  private Future<Void> planAndCommit(QueuedOp lead, Prepared prepared) {
    CommitPlan plan = new CommitPlan(prepared.state(), deps.limits());
    try {
      plan.lead(lead, prepared.history());
      if (alone > 0) {
        alone--;
      } else {
        while (!waiting.isEmpty() && plan.join(waiting.peekFirst())) {
          waiting.pollFirst();
        }
      }
      return commit(plan);
    } catch (RuntimeException bug) {
      // Never leave an op of the plan unanswered, whatever went wrong.
      lead.result().tryFail(bug);
      failAll(plan, bug);
      return Future.succeededFuture();
    }
  }

  private void failAll(CommitPlan plan, Throwable cause) {
    retries = 0;
    plan.answers().forEach(a -> a.item().result().tryFail(cause));
  }

  private Future<Void> commit(CommitPlan plan) {
    if (plan.planned().isEmpty()) {
      answer(plan);
      return Future.succeededFuture();
    }
    Optional<Snapshot> snapshot = plan.snapshotAfter();
    return deps.local(deps.store().commitAll(plan.storedOps(), snapshot)).transform(ar -> {
      if (ar.failed()) {
        return resolveUnknown(plan, snapshot, ar.cause());
      }
      CommitResult result = ar.result();
      if (result instanceof CommitResult.Committed) {
        committed(plan, snapshot);
        return Future.succeededFuture();
      }
      if (result instanceof CommitResult.Duplicate duplicate) {
        return duplicate(plan, duplicate);
      }
      if (result instanceof CommitResult.ForeignSource foreign) {
        return foreign(plan, foreign);
      }
      return retry(plan);
    });
  }

  private void committed(CommitPlan plan, Optional<Snapshot> snapshot) {
    retries = 0;
    plan.committed(snapshot);
    plan.planned().forEach(p -> deps.metrics().committed(p.item().arrivedNanos()));
    deps.metrics().batchCommitted(plan.planned().size());
    answer(plan);
  }

  /**
   * The commit call failed or timed out, perhaps after reaching the store (a connection cut
   * mid-flight): its outcome is unknown. The commit is all or nothing, so the store's src/seq
   * record of its first op tells: at that op's planned version, the plan went in and is answered as
   * committed; otherwise, or when the store cannot tell either, every op fails with the cause
   * ({@code unavailable}: clients resubmit with the same src/seq, which the store deduplicates).
   * Either way the document's queue moves on.
   */
  private Future<Void> resolveUnknown(CommitPlan plan, Optional<Snapshot> snapshot, Throwable cause) {
    StoredOp first = plan.storedOps().get(0);
    if (first.src() == null) {
      failAll(plan, cause);
      return Future.succeededFuture();
    }
    deps.metrics().unknownCommit();
    return deps.local(deps.store().committedVersion(first.doc(), first.src(), first.seq())).transform(read -> {
      if (read.succeeded() && read.result().isPresent() && read.result().get() == first.v()) {
        committed(plan, snapshot);
      } else {
        failAll(plan, cause);
      }
      return Future.succeededFuture();
    });
  }

  /**
   * The store knew an op our history did not: another node committed it. With one planned op that
   * is the one, answered with its original version; with several, which one is unknown, so they
   * are caught up on and run again as plans of one.
   */
  private Future<Void> duplicate(CommitPlan plan, CommitResult.Duplicate duplicate) {
    retries = 0;
    if (plan.planned().size() > 1) {
      return sequencer.catchUp().transform(ar -> {
        requeue(plan);
        alone = plan.answers().size();
        return Future.succeededFuture();
      });
    }
    deps.metrics().resubmitted();
    CommitPlan.Planned known = plan.planned().get(0);
    LockstepException forgotten = duplicate.originalV().isEmpty() ? forgotten(known.item().op()) : null;
    return sequencer.catchUp().transform(ar -> {
      for (CommitPlan.Answer answer : plan.answers()) {
        // The planned op, and any resubmission of it later in the plan, is the op the store knew.
        boolean isKnown = answer == known || answer instanceof CommitPlan.Known k && k.v() == known.op().v();
        if (isKnown && forgotten != null) {
          answer.item().result().tryFail(forgotten);
        } else if (isKnown) {
          answer.item().result().tryComplete(duplicate.originalV().getAsLong());
        } else {
          answer(answer);
        }
      }
      return Future.succeededFuture();
    });
  }

  /**
   * An op used a {@code src} bound to another user. With one planned op it is refused
   * ({@code forbidden}, naming no one); with several, which one is unknown, so they run again as plans
   * of one, as after a {@link #duplicate}.
   */
  private Future<Void> foreign(CommitPlan plan, CommitResult.ForeignSource foreign) {
    retries = 0;
    if (plan.planned().size() > 1) {
      requeue(plan);
      alone = plan.answers().size();
      return Future.succeededFuture();
    }
    CommitPlan.Planned refused = plan.planned().get(0);
    LockstepException e = new LockstepException(ErrorCode.FORBIDDEN,
        "src " + foreign.src() + " belongs to another user on this document; use a src of your own");
    for (CommitPlan.Answer answer : plan.answers()) {
      boolean sameOp = answer == refused || answer instanceof CommitPlan.Known k && k.v() == refused.op().v();
      if (sameOp) {
        answer.item().result().tryFail(e);
      } else {
        answer(answer);
      }
    }
    return Future.succeededFuture();
  }

  private static LockstepException forgotten(SubmittedOp op) {
    return new LockstepException(ErrorCode.CONFLICT,
        "op " + op.src() + "/" + op.seq() + " was committed long ago; its version is no longer retained");
  }

  /** The one retry point: another node committed first; catch up and plan the same ops again. */
  private Future<Void> retry(CommitPlan plan) {
    retries++;
    deps.metrics().retried();
    if (retries > deps.limits().maxSubmitRetries()) {
      failAll(plan, new LockstepException(ErrorCode.UNAVAILABLE,
          "gave up after " + retries + " commit attempts; the document is too contended, retry"));
      return Future.succeededFuture();
    }
    // fresh, not just catchUp: a store behind our state (it lost acked ops) refuses every commit,
    // and only the version check finds that out and drops the state.
    return sequencer.fresh().transform(ar -> {
      requeue(plan);
      return Future.succeededFuture();
    });
  }

  /** Puts the plan's ops back at the head of the queue, in their order. */
  private void requeue(CommitPlan plan) {
    List<CommitPlan.Answer> answers = plan.answers();
    for (int i = answers.size() - 1; i >= 0; i--) {
      waiting.addFirst(answers.get(i).item());
    }
  }

  private void answer(CommitPlan plan) {
    plan.answers().forEach(this::answer);
  }

  private void answer(CommitPlan.Answer answer) {
    if (answer instanceof CommitPlan.Planned p) {
      p.item().result().tryComplete(p.op().v());
    } else if (answer instanceof CommitPlan.Known k) {
      deps.metrics().resubmitted();
      k.item().result().tryComplete(k.v());
    } else if (answer instanceof CommitPlan.Refused r) {
      r.item().result().tryFail(r.error());
    } else {
      throw new AssertionError(answer);
    }
  }
}
