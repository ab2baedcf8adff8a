package io.lockstep.sync.sequencer;

import io.lockstep.common.engine.ops.Snapshot;
import io.lockstep.common.engine.ops.StoredOp;
import io.vertx.core.Future;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one sequencer of one document on this node. Its methods run one at a time, in order, on its
 * shard's event loop ({@link SequencerShard} queues them per document), so {@link DocState} needs
 * no locks. The store's atomic version check guards against any other node committing too.
 */
final class DocSequencer {
  private static final Logger LOG = LoggerFactory.getLogger(DocSequencer.class);
  private final String doc;
  private final ShardResources deps;
  private DocState state;
  private final ArrayDeque<QueuedOp> waiting = new ArrayDeque<>();
  private final Admission admission;
  private long waitingBytes;
  /** The oldest base of the waiting ops, and of the ops of the running drain: history after it is held. */
  private long waitingFloor = Long.MAX_VALUE;
  private long runningFloor = Long.MAX_VALUE;
  private boolean drainQueued;
  private long lastUsedMs = System.currentTimeMillis();

  DocSequencer(String doc, ShardResources deps) {
    this.doc = doc;
    this.deps = deps;
    this.admission = new Admission(deps.limits());
  }

  /** Whether this sequencer saw an op of {@code src} with a seq of at least {@code seq} committed (in the history it keeps). */
  boolean committedFrom(String src, long seq) {
    return state != null && state.committedFrom(src, seq);
  }

  Admission admission() {
    return admission;
  }

  long waitingBytes() {
    return waitingBytes;
  }

  long lastUsedMs() {
    return lastUsedMs;
  }

  /**
   * Adds an op to those waiting for this document. True when the caller must queue a
   * {@link #drain} on the document's serial queue (none is queued yet); the waiting ops then run
   * together in that task.
   */
  boolean enqueue(QueuedOp pending) {
    waiting.addLast(pending);
    waitingBytes += Admission.bytes(pending.op());
    if (pending.op().change() instanceof SubmittedOp.Edit edit && edit.baseV() < waitingFloor) {
      waitingFloor = edit.baseV();
      holdHistory();
    }
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

  /**
   * Runs every op waiting now through the {@link SubmitPipeline}; later ones queue another drain.
   * Its time per op feeds the document's {@link Admission}.
   */
  Future<Void> drain() {
    touch();
    drainQueued = false;
    List<QueuedOp> ops = new ArrayList<>(waiting);
    waiting.clear();
    waitingBytes = 0;
    runningFloor = waitingFloor;
    waitingFloor = Long.MAX_VALUE;
    long start = System.nanoTime();
    return new SubmitPipeline(this, deps, ops).run().andThen(done -> {
      admission.drained(System.nanoTime() - start, ops.size());
      runningFloor = Long.MAX_VALUE;
      holdHistory();
    });
  }

  /**
   * Keeps in memory every committed op after the oldest base of the ops waiting or being planned,
   * so none of them is refused as too old for having waited here. At most {@code maxQueuedPerDoc}
   * ops past the usual history: no more can commit ahead of a queued op on this node.
   */
  private void holdHistory() {
    if (state != null) {
      state.holdAfter(Math.min(waitingFloor, runningFloor), deps.limits().maxQueuedPerDoc());
    }
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
      if (current.since(from) instanceof History.Kept kept) {
        List<StoredOp> ops = kept.ops().stream().map(RecentOp::stored).filter(op -> op.v() <= upTo).toList();
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
        state = DocState.from(stored, deps.keepRecent(), deps.keepRecentBytes());
        holdHistory();
      }
      return catchUp();
    });
  }

  /**
   * Loaded, and caught up with the store's version (cheap when nothing changed elsewhere). A store
   * version behind ours means the store lost acked ops (a failover to a replica that lacked them, a
   * restart without its append-only file): the cached state is dropped, never served nor built on,
   * and reloaded from what the store has.
   */
  Future<DocState> fresh() {
    return loaded().compose(current -> deps.local(deps.store().version(doc)).compose(storeV -> {
      if (storeV > current.v()) {
        return catchUp();
      }
      if (storeV < current.v()) {
        deps.metrics().storeRegressed();
        LOG.error("STORE WENT BACKWARDS: document {} is at version {} in the store, but this node saw version {}: "
            + "acked ops were lost by the store (check its persistence and failover settings, docs/operations.md); "
            + "dropping the cached state and reloading from the store", doc, storeV, current.v());
        state = null;
        return loaded();
      }
      return Future.succeededFuture(current);
    }));
  }

  /**
   * Committed parsed ops after {@code base}: from memory, or else read and parsed from the store;
   * {@link History.Trimmed} when the store no longer keeps all of them either.
   */
  Future<History> history(long base) {
    History recent = state.since(base);
    if (recent instanceof History.Kept) {
      return Future.succeededFuture(recent);
    }
    long upTo = state.v();
    return deps.local(deps.store().ops(doc, base, upTo)).map(ops -> {
      if (ops.isEmpty() || ops.get(0).v() != base + 1 || ops.get(ops.size() - 1).v() != upTo) {
        return History.TRIMMED;
      }
      return new History.Kept(
          ops.stream().map(op -> new RecentOp(op, op.op() == null ? null : state.type().parseOp(op.op()))).toList());
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
      state = DocState.from(stored, deps.keepRecent(), deps.keepRecentBytes());
      holdHistory();
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
