package io.lockstep.sync.sequencer;

import io.lockstep.common.engine.ops.CommitResult;
import io.lockstep.common.engine.ops.Creation;
import io.lockstep.common.engine.ops.Snapshot;
import io.lockstep.common.engine.ops.StoredOp;
import io.lockstep.common.ot.InvalidOpException;
import io.lockstep.common.ot.OtType;
import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.LockstepException;
import io.vertx.core.Future;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The one sequencer of one document on this node. Its methods run one at a time, in order, on its
 * shard's event loop ({@link SequencerShard} queues them per document), so {@link DocState} needs
 * no locks. The store's atomic version check guards against any other node committing too.
 */
final class DocSequencer {
  private final String doc;
  private final SequencerContext deps;
  private DocState state;
  private final ArrayDeque<PendingSubmission> waiting = new ArrayDeque<>();
  private boolean drainQueued;
  private long lastUsedMs = System.currentTimeMillis();

  DocSequencer(String doc, SequencerContext deps) {
    this.doc = doc;
    this.deps = deps;
  }

  long lastUsedMs() {
    return lastUsedMs;
  }

  /**
   * Adds a submission to those waiting for this document. True when the caller must queue a
   * {@link #drain} on the document's serial queue (none is queued yet); the waiting submissions
   * then run together in that task.
   */
  boolean enqueue(PendingSubmission pending) {
    waiting.addLast(pending);
    if (drainQueued) {
      return false;
    }
    drainQueued = true;
    return true;
  }

  boolean drainQueued() {
    return drainQueued;
  }

  int waitingCount() {
    return waiting.size();
  }

  /** Runs every submission waiting now as one {@link SubmitBatch}; later ones queue another drain. */
  Future<Void> drain() {
    touch();
    drainQueued = false;
    List<PendingSubmission> batch = new ArrayList<>(waiting);
    waiting.clear();
    return new SubmitBatch(this, deps, batch).run();
  }

  /** One submission through the single-op pipeline, with its retries. */
  Future<Long> submitAlone(PendingSubmission pending) {
    return new SubmitRequest(this, deps, pending.submission(), pending.arrivedNanos()).run();
  }

  /** Creates the document at version 1; a resubmitted creation is acked with its original version. */
  Future<Long> create(String typeName, Object data, String src, long seq) {
    touch();
    OtType<Object, Object> type = DocState.typeNamed(typeName);
    Object initial;
    try {
      initial = type.create(data);
    } catch (InvalidOpException e) {
      return Future.failedFuture(new LockstepException(ErrorCode.BAD_REQUEST, "initial data: " + e.getMessage()));
    }
    return fresh().compose(current -> createIn(current, type, data, initial, src, seq, 0));
  }

  private Future<Long> createIn(DocState current, OtType<Object, Object> type, Object data, Object initial,
      String src, long seq, int attempt) {
    if (current.exists()) {
      return alreadyCreated(current, src, seq);
    }
    int bytes = DocState.encodedSize(data);
    if (bytes > deps.limits().maxDocBytes()) {
      return Future.failedFuture(new LockstepException(ErrorCode.TOO_LARGE,
          "initial data is " + bytes + " bytes, over the limit of " + deps.limits().maxDocBytes()));
    }
    StoredOp creation = new StoredOp(doc, current.v() + 1, src, src == null ? 0 : seq, null,
        new Creation(type.name(), type.writeSnapshot(initial)), false, System.currentTimeMillis());
    Snapshot after = new Snapshot(doc, creation.v(), type.name(), type.writeSnapshot(initial));
    return deps.local(deps.store().commit(creation, after)).compose(result -> {
      if (result instanceof CommitResult.Committed committed) {
        current.created(creation, type, initial);
        current.snapshotStoredAt(committed.v());
        return Future.succeededFuture(committed.v());
      }
      if (result instanceof CommitResult.Duplicate dup) {
        return catchUp().map(s -> dup.originalV());
      }
      if (attempt >= deps.limits().maxSubmitRetries()) {
        return Future.failedFuture(new LockstepException(ErrorCode.UNAVAILABLE, "document creation kept losing races"));
      }
      deps.metrics().retried();
      return catchUp().compose(s -> createIn(s, type, data, initial, src, seq, attempt + 1));
    });
  }

  private Future<Long> alreadyCreated(DocState current, String src, long seq) {
    if (src != null) {
      List<RecentOp> history = current.since(0);
      if (history != null) {
        for (RecentOp op : history) {
          if (op.stored().create() != null && src.equals(op.stored().src()) && op.stored().seq() == seq) {
            return Future.succeededFuture(op.v());
          }
        }
      }
    }
    return Future.failedFuture(new LockstepException(ErrorCode.CONFLICT, "document " + doc + " already exists"));
  }

  /** The current snapshot, caught up with the store first (another node may have committed). */
  Future<Snapshot> snapshot() {
    touch();
    return fresh().map(DocState::toSnapshot);
  }

  /** Ops with {@code from} < v ≤ {@code to}, caught up with the store first. */
  Future<OpsRange> ops(long from, long to) {
    touch();
    return fresh().compose(current -> {
      long upTo = Math.min(to, current.v());
      if (from >= upTo) {
        return Future.succeededFuture(new OpsRange(from, upTo, List.of(), true));
      }
      List<RecentOp> recent = current.since(from);
      if (recent != null) {
        List<StoredOp> ops = recent.stream().map(RecentOp::stored).filter(op -> op.v() <= upTo).toList();
        return Future.succeededFuture(new OpsRange(from, upTo, ops, true));
      }
      return deps.local(deps.store().ops(doc, from, upTo))
          .map(ops -> new OpsRange(from, upTo, ops, !ops.isEmpty() && ops.get(0).v() == from + 1));
    });
  }

  /** The state, loaded from the store on first use. */
  Future<DocState> loaded() {
    if (state != null) {
      return Future.succeededFuture(state);
    }
    return deps.local(deps.store().snapshot(doc)).compose(stored -> {
      if (state == null) {
        state = DocState.from(stored, deps.keepRecent());
      }
      return catchUp();
    });
  }

  /** Loaded, and caught up with the store's version (cheap when nothing changed elsewhere). */
  Future<DocState> fresh() {
    return loaded().compose(current -> deps.local(deps.store().version(doc))
        .compose(storeV -> storeV > current.v() ? catchUp() : Future.succeededFuture(current)));
  }

  /**
   * Committed parsed ops after {@code base}: from memory, or else read and parsed from the store;
   * null when the store no longer keeps all of them.
   */
  Future<List<RecentOp>> history(long base) {
    List<RecentOp> recent = state.since(base);
    if (recent != null) {
      return Future.succeededFuture(recent);
    }
    long upTo = state.v();
    return deps.local(deps.store().ops(doc, base, upTo)).map(ops -> {
      if (ops.isEmpty() || ops.get(0).v() != base + 1 || ops.get(ops.size() - 1).v() != upTo) {
        return null;
      }
      return ops.stream().map(op -> new RecentOp(op, op.op() == null ? null : state.type().parseOp(op.op()))).toList();
    });
  }

  /**
   * Applies the ops other nodes committed since our version. When the store no longer holds the
   * ops right after our version, the state is rebuilt from the latest stored snapshot instead.
   */
  Future<DocState> catchUp() {
    return deps.local(deps.store().ops(doc, state.v(), Long.MAX_VALUE)).compose(ops -> {
      if (!ops.isEmpty() && ops.get(0).v() != state.v() + 1) {
        return reloadFromSnapshot();
      }
      for (StoredOp op : ops) {
        if (op.v() == state.v() + 1) {
          state.applyCommitted(op);
        }
      }
      return Future.succeededFuture(state);
    });
  }

  private Future<DocState> reloadFromSnapshot() {
    return deps.local(deps.store().snapshot(doc)).compose(stored -> {
      state = DocState.from(stored, deps.keepRecent());
      return deps.local(deps.store().ops(doc, stored.v(), Long.MAX_VALUE));
    }).map(ops -> {
      for (StoredOp op : ops) {
        if (op.v() == state.v() + 1) {
          state.applyCommitted(op);
        }
      }
      return state;
    });
  }

  private void touch() {
    lastUsedMs = System.currentTimeMillis();
  }
}
