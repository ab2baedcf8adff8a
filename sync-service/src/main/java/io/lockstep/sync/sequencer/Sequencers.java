package io.lockstep.sync.sequencer;

import io.lockstep.common.config.Limits;
import io.lockstep.common.engine.ops.OpStore;
import io.lockstep.common.engine.ops.Snapshot;
import io.lockstep.common.util.ContextHop;
import io.lockstep.sync.SyncMetrics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * This node's document sequencers, spread over a few event loops ("shards") by a hash of the
 * document id, so every document has exactly one sequencer on this node and hot documents on
 * different shards commit in parallel. Thread-safe entry point: callable from any event loop; the
 * returned futures complete on the caller's context.
 */
public final class Sequencers {
  private static final long IDLE_MS = 120_000;

  private final OpStore store;
  private final Limits limits;
  private final SyncMetrics metrics;
  private final List<SequencerShard> shards = new CopyOnWriteArrayList<>();

  public Sequencers(OpStore store, Limits limits, SyncMetrics metrics) {
    this.store = store;
    this.limits = limits;
    this.metrics = metrics;
  }

  /**
   * Makes {@code context} a shard; called once by each {@link SequencerVerticle} instance, and all
   * before the first request (documents are routed by shard count).
   */
  void addShard(Context context) {
    SequencerShard shard = new SequencerShard(new SequencerContext(context, store, limits, metrics));
    shards.add(shard);
    context.owner().setPeriodic(IDLE_MS / 2, id -> shard.evictIdle(System.currentTimeMillis(), IDLE_MS));
  }

  /** Commits an op; the result is its version (the original one for a resubmission). */
  public Future<Long> submit(Submission submission) {
    return on(submission.doc(), seq -> seq.submit(submission));
  }

  /** Creates a document at version 1. */
  public Future<Long> create(String doc, String type, Object data, String src, long seq) {
    return on(doc, s -> s.create(type, data, src, seq));
  }

  /** The document's current snapshot ({@code type} null and {@code v} 0 when it does not exist). */
  public Future<Snapshot> snapshot(String doc) {
    return on(doc, DocSequencer::snapshot);
  }

  /** The document's current version, caught up with the store. */
  public Future<Long> version(String doc) {
    return on(doc, s -> s.fresh().map(DocState::v));
  }

  /** Committed ops with {@code from} < v ≤ {@code to}. */
  public Future<OpsRange> ops(String doc, long from, long to) {
    return on(doc, s -> s.ops(from, to));
  }

  private <T> Future<T> on(String doc, Function<DocSequencer, Future<T>> work) {
    if (shards.isEmpty()) {
      return Future.failedFuture(new IllegalStateException("no sequencer shard is running"));
    }
    SequencerShard shard = shards.get(Math.floorMod(doc.hashCode(), shards.size()));
    return ContextHop.call(shard.deps().context(), () -> shard.run(doc, work));
  }
}
