package io.lockstep.sync.sequencer;

import io.lockstep.common.config.Limits;
import io.lockstep.common.crdt.CommittedOp;
import io.lockstep.common.crdt.CrdtCommit;
import io.lockstep.common.crdt.CrdtLimits;
import io.lockstep.common.crdt.CrdtOp;
import io.lockstep.common.crdt.CrdtOpCodec;
import io.lockstep.common.crdt.CrdtState;
import io.lockstep.common.engine.ops.Creation;
import io.lockstep.common.engine.ops.Snapshot;
import io.lockstep.common.engine.ops.StoredOp;
import io.lockstep.common.ot.InvalidOpException;
import io.lockstep.common.ot.OtType;
import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.LockstepException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Predicate;

/**
 * The plan step of the submit pipeline, I/O-free: decides, from a document's state in memory, what
 * each of a run of queued ops becomes — a stored op to commit, the version of an op committed
 * before (a resubmission), or a refusal — and which snapshot goes with the commit. Each op is
 * parsed, rebased over the history since its base and over the plan's earlier ops, applied to the
 * plan's running snapshot and size-checked. A single op is a plan of one; a creation is an op made
 * against version 0 that nothing joins.
 *
 * <p>The {@link SubmitPipeline} commits the plan with one store call and answers every op in
 * arrival order only then, so a client never hears about a later op before an earlier one. Needs
 * no Vert.x: tests build a {@link DocState} and call it directly. Not thread-safe.
 */
final class CommitPlan {
  /** Ops per store call: bounds the script's run time on Redis and the work lost to a conflict. */
  static final int MAX_OPS = 64;
  static final int MAX_BYTES = 256 * 1024;

  /** What an op of the plan will be answered with once the plan is committed. */
  sealed interface Answer permits Planned, Known, Refused {
    QueuedOp item();
  }

  /** To be committed as {@code op}; {@code parsed} is the rebased op (null for a creation) and {@code next} the snapshot after it. */
  record Planned(QueuedOp item, StoredOp op, Object parsed, Object next, int bytes) implements Answer {}

  /** A resubmission of an op committed before, or earlier in this plan, as version {@code v}. */
  record Known(QueuedOp item, long v) implements Answer {}

  record Refused(QueuedOp item, LockstepException error) implements Answer {}

  private final DocState state;
  private final Limits limits;
  private final List<Answer> answers = new ArrayList<>();
  private final List<Planned> planned = new ArrayList<>();
  private final List<RecentOp> tail = new ArrayList<>();
  private Object snapshot;
  private int bytes;

  CommitPlan(DocState state, Limits limits) {
    this.state = state;
    this.limits = limits;
    this.snapshot = state.snapshot();
  }

  /**
   * Plans the first op, which is always answered: {@code history} holds the ops committed after
   * its base, which the caller may have read from the store (for a creation: what memory holds
   * after version 0, to recognise the same creation again).
   */
  void lead(QueuedOp item, History history) {
    if (!answers.isEmpty()) {
      throw new IllegalStateException("a plan has one lead op");
    }
    SubmittedOp op = item.op();
    if (op.change() instanceof SubmittedOp.Create create) {
      answers.add(planCreation(item, create, history));
    } else if (op.change() instanceof SubmittedOp.Delete) {
      answers.add(planDeletion(item, history));
    } else if (!state.exists()) {
      answers.add(new Refused(item, new LockstepException(ErrorCode.NOT_FOUND, "document " + state.doc + " does not exist")));
    } else if (op.baseV() > state.v()) {
      answers.add(new Refused(item, new LockstepException(ErrorCode.VERSION_AHEAD,
          "op made against version " + op.baseV() + " but the document is at " + state.v())));
    } else if (history instanceof History.Kept kept) {
      answers.add(planEdit(item, (SubmittedOp.Edit) op.change(), kept.ops()));
    } else if (state.isCrdt()) {
      // A crdt op is never rebased, so an old base is fine; the store's record of each source's
      // commits (checked by the pipeline before this plan, and by commitAll) catches a resubmission
      // it can still recognise, and anything else is new (docs/protocol.md §6).
      answers.add(planEdit(item, (SubmittedOp.Edit) op.change(), List.of()));
    } else {
      answers.add(new Refused(item, new LockstepException(ErrorCode.CONFLICT, "the op was made against version "
          + op.baseV() + ", older than the history this server keeps; resubscribe and make it again")));
    }
  }

  /**
   * Takes a following op into the plan. False, and nothing changes, when it must lead a plan of
   * its own: the plan is full, the document is missing, the op or the plan's lead is a creation or
   * deletion, its base is ahead of the document or older than the history in memory, or its source
   * already has a later op here.
   */
  boolean join(QueuedOp item) {
    if (answers.isEmpty()) {
      throw new IllegalStateException("a plan starts with its lead op");
    }
    SubmittedOp op = item.op();
    if (!(op.change() instanceof SubmittedOp.Edit edit) || !(answers.get(0).item().op().change() instanceof SubmittedOp.Edit)
        || planned.size() >= MAX_OPS
        || bytes + edit.bytes() > MAX_BYTES || !state.exists() || edit.baseV() > state.v() || laterFromSameSource(op)) {
      return false;
    }
    History history = state.since(edit.baseV());
    if (!(history instanceof History.Kept) && !state.isCrdt()) {
      return false;
    }
    answers.add(planEdit(item, edit, history instanceof History.Kept kept ? kept.ops() : List.of()));
    return true;
  }

  /** Every op of the plan in arrival order, with its answer. */
  List<Answer> answers() {
    return answers;
  }

  /** The ops to commit, in version order (empty when every op was refused or known). */
  List<StoredOp> storedOps() {
    return planned.stream().map(Planned::op).toList();
  }

  /** The planned ops' answers. */
  List<Planned> planned() {
    return planned;
  }

  /**
   * The snapshot to store with the commit, if one is due: after a creation or deletion always,
   * otherwise once {@code snapshotEvery} ops or half of {@code maxHistoryBytes} have passed since the
   * last stored one, so the store can rebuild the document from a snapshot and a bounded number of ops.
   */
  Optional<Snapshot> snapshotAfter() {
    if (planned.isEmpty()) {
      return Optional.empty();
    }
    Planned last = planned.get(planned.size() - 1);
    if (last.op().del()) {
      return Optional.of(Snapshot.deleted(state.doc, last.op().v()));
    }
    boolean due = last.op().create() != null || last.op().v() - state.storedSnapshotV() >= limits.snapshotEvery()
        || bytesSinceSnapshot() >= limits.maxHistoryBytes() / 2;
    if (!due) {
      return Optional.empty();
    }
    String type = last.op().create() != null ? last.op().create().type() : state.typeName();
    return Optional.of(new Snapshot(state.doc, last.op().v(), type, TypedSnapshots.write(type, last.next())));
  }

  /**
   * Bytes of the ops the store could not trim without a new snapshot: those since the stored one,
   * and this plan's. Half the history budget, so the store's byte bound holds (a snapshot lets it
   * trim) while a snapshot is not written for every large op.
   */
  private long bytesSinceSnapshot() {
    return state.unsnapshottedBytes() + bytes + (long) planned.size() * DocState.OP_OVERHEAD_BYTES;
  }

  /**
   * Records the committed plan in the document's state: call once the store committed it, with
   * the snapshot stored along ({@link #snapshotAfter}).
   */
  void committed(Optional<Snapshot> storedWith) {
    for (Planned p : planned) {
      if (p.op().create() != null) {
        state.created(p.op(), p.next());
      } else if (p.op().del()) {
        state.applyCommitted(p.op());
      } else {
        state.advance(p.op(), p.parsed(), p.next(), p.bytes());
      }
    }
    storedWith.ifPresent(stored -> state.snapshotStoredAt(stored.v()));
  }

  private Answer planEdit(QueuedOp item, SubmittedOp.Edit edit, List<RecentOp> history) {
    SubmittedOp op = item.op();
    List<RecentOp> over = new ArrayList<>(history.size() + tail.size());
    over.addAll(history);
    over.addAll(tail);
    if (state.isCrdt()) {
      return planCrdtEdit(item, edit, over);
    }
    try {
      Object parsed = state.type().parseOp(edit.op());
      Rebase.Outcome outcome = integrate(state.type(), parsed, op, over);
      if (outcome instanceof Rebase.AlreadyCommitted dup) {
        return new Known(item, dup.v());
      }
      Object rebased = ((Rebase.Rebased) outcome).op();
      Object next = state.type().apply(snapshot, rebased);
      state.checkSize(next, bytes + edit.bytes(), limits.maxDocBytes());
      StoredOp stored = new StoredOp(state.doc, nextVersion(), op.src(), op.storedSeq(), state.type().writeOp(rebased),
          null, false, System.currentTimeMillis(), op.owner());
      return add(new Planned(item, stored, rebased, next, edit.bytes()));
    } catch (InvalidOpException e) {
      return new Refused(item, new LockstepException(ErrorCode.INVALID_OP, e.getMessage()));
    } catch (LockstepException e) {
      return new Refused(item, e);
    }
  }

  /**
   * A crdt op: not rebased (its base only says which adds a {@code remove} had seen), only
   * de-duplicated against the ops after its base that memory holds, then committed as
   * {@link CrdtCommit} says (the server's {@code rm} lists, register times bounded by this clock).
   */
  private Answer planCrdtEdit(QueuedOp item, SubmittedOp.Edit edit, List<RecentOp> since) {
    SubmittedOp op = item.op();
    for (RecentOp committed : since) {
      if (op.sameAs(committed.stored().src(), committed.stored().seq())) {
        return new Known(item, committed.v());
      }
    }
    try {
      long now = System.currentTimeMillis();
      CrdtState current = (CrdtState) snapshot;
      CrdtOp committed = CrdtCommit.commit(current, CrdtOpCodec.parseSubmitted(edit.op(), CrdtLimits.DEFAULTS),
          edit.baseV(), op.src(), now, CrdtLimits.DEFAULTS);
      long v = nextVersion();
      CrdtState next = current.apply(new CommittedOp(v, op.src(), committed));
      state.checkSize(next, bytes + edit.bytes(), limits.maxDocBytes());
      StoredOp stored = new StoredOp(state.doc, v, op.src(), op.storedSeq(), CrdtOpCodec.write(committed), null, false, now,
          op.owner());
      return add(new Planned(item, stored, committed, next, edit.bytes()));
    } catch (LockstepException e) {
      return new Refused(item, e);
    }
  }

  /**
   * Makes a parsed op apply after {@code history}, or finds it there already: the one place where
   * a type's concurrency control runs. OT types rebase the op over each committed op
   * ({@link Rebase}); a CRDT type, whose updates commute, plugs in here with a merge that only
   * de-duplicates and passes the update on to {@code apply}.
   */
  private static Rebase.Outcome integrate(OtType<Object, Object> type, Object parsed, SubmittedOp op, List<RecentOp> history) {
    return Rebase.over(type, parsed, op.src(), op.seq(), history);
  }

  private Answer planCreation(QueuedOp item, SubmittedOp.Create create, History history) {
    SubmittedOp op = item.op();
    try {
      Object initial;
      try {
        initial = TypedSnapshots.created(create.type(), create.data(), nextVersion());
      } catch (InvalidOpException e) {
        throw new LockstepException(ErrorCode.BAD_REQUEST, "initial data: " + e.getMessage());
      }
      if (state.exists()) {
        return alreadyCreated(item, history);
      }
      int size = encodedSize(create.data());
      if (size > limits.maxDocBytes()) {
        throw new LockstepException(ErrorCode.TOO_LARGE,
            "initial data is " + size + " bytes, over the limit of " + limits.maxDocBytes());
      }
      StoredOp stored = new StoredOp(state.doc, nextVersion(), op.src(), op.storedSeq(), null,
          new Creation(create.type(), TypedSnapshots.write(create.type(), initial)), false, System.currentTimeMillis(),
          op.owner());
      return add(new Planned(item, stored, null, initial, size));
    } catch (LockstepException e) {
      return new Refused(item, e);
    }
  }

  /**
   * The deletion of an existing document, as the next version. A missing (or already deleted)
   * document is {@code not_found}, unless this is the same deletion again, acked with its version.
   */
  private Answer planDeletion(QueuedOp item, History history) {
    SubmittedOp op = item.op();
    if (!state.exists()) {
      OptionalLong before = earlier(item, history, StoredOp::del);
      if (before.isPresent()) {
        return new Known(item, before.getAsLong());
      }
      return new Refused(item, new LockstepException(ErrorCode.NOT_FOUND, "document " + state.doc + " does not exist"));
    }
    StoredOp stored = StoredOp.deletion(state.doc, nextVersion(), op.src(), op.storedSeq(), System.currentTimeMillis())
        .withOwner(op.owner());
    return add(new Planned(item, stored, null, null, 0));
  }

  /** The version of this very op (same src and seq, of the kind asked) in the history kept, if it is there. */
  private static OptionalLong earlier(QueuedOp item, History history, Predicate<StoredOp> kind) {
    if (item.op().src() != null && history instanceof History.Kept kept) {
      for (RecentOp committed : kept.ops()) {
        if (kind.test(committed.stored()) && item.op().sameAs(committed.stored().src(), committed.stored().seq())) {
          return OptionalLong.of(committed.v());
        }
      }
    }
    return OptionalLong.empty();
  }

  /** The same creation again is acked with its version; any other creation of an existing document conflicts. */
  private Answer alreadyCreated(QueuedOp item, History history) {
    OptionalLong before = earlier(item, history, committed -> committed.create() != null);
    if (before.isPresent()) {
      return new Known(item, before.getAsLong());
    }
    return new Refused(item, new LockstepException(ErrorCode.CONFLICT, "document " + state.doc + " already exists"));
  }

  private static int encodedSize(Object data) {
    try {
      return DocState.encodedSize(data);
    } catch (InvalidOpException e) {
      throw new LockstepException(ErrorCode.BAD_REQUEST, "initial data: " + e.getMessage());
    }
  }

  private long nextVersion() {
    return state.v() + planned.size() + 1;
  }

  private Planned add(Planned p) {
    planned.add(p);
    tail.add(new RecentOp(p.op(), p.parsed()));
    snapshot = p.next();
    bytes += p.bytes();
    return p;
  }

  /** Whether a planned op of {@code op}'s source has a later seq, or another owner (one batch, one owner per source). */
  private boolean laterFromSameSource(SubmittedOp op) {
    if (op.src() == null) {
      return false;
    }
    for (Answer answer : answers) {
      SubmittedOp other = answer.item().op();
      if (op.sameSourceOtherOwner(other)) {
        return true;
      }
    }
    for (Planned p : planned) {
      if (op.src().equals(p.op().src()) && p.op().seq() >= op.seq()) {
        return true;
      }
    }
    return false;
  }
}
