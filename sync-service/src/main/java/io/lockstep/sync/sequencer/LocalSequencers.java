package io.lockstep.sync.sequencer;

import io.lockstep.common.config.Limits;
import io.lockstep.common.engine.ops.OpStore;
import io.lockstep.common.engine.ops.Snapshot;
import io.lockstep.common.util.ContextHop;
import io.lockstep.sync.metrics.SyncMetrics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * This node's document sequencers, spread over event loops ("shards") by a hash of the document
 * id, so every document has exactly one sequencer on this node and hot documents on different
 * shards commit in parallel. Runs every call here, whoever owns the document in a cluster
 * ({@link RoutedSequencer} decides that). Thread-safe entry point: callable from any event loop;
 * the returned futures complete on the caller's context.
 */
public final class LocalSequencers implements Sequencer {
  private static final long IDLE_MS = 120_000;

  private final OpStore store;
  private final Limits limits;
  private final SyncMetrics metrics;
  private final List<SequencerShard> shards = new CopyOnWriteArrayList<>();

  public LocalSequencers(OpStore store, Limits limits, SyncMetrics metrics) {
    this.store = store;
    this.limits = limits;
    this.metrics = metrics;
  }

  /**
   * Makes {@code context} a shard; called once by each {@link SequencerVerticle} instance, and all
   * before the first request (documents are spread by shard count).
   */
  void addShard(Context context) {
    SequencerShard shard = new SequencerShard(new ShardResources(context, store, limits, metrics));
    shards.add(shard);
    context.owner().setPeriodic(IDLE_MS / 2, id -> shard.evictIdle(System.currentTimeMillis(), IDLE_MS));
  }

  /**
   * Drops every cached document state that has no work queued, on every shard; called when the
   * cluster's ownership changes, since another node may commit to a document meanwhile and a state
   * reloaded on next use is never stale. Returns at once; the shards drop them on their own loops.
   */
  public void dropIdle() {
    for (SequencerShard shard : shards) {
      shard.deps().context().runOnContext(v -> shard.evictIdle(Long.MAX_VALUE, 0));
    }
  }

  @Override
  public Future<Long> submit(SubmittedOp op) {
    return onShard(op.doc(), shard -> shard.submit(op));
  }

  @Override
  public Future<Snapshot> snapshot(String doc) {
    return on(doc, DocSequencer::snapshot);
  }

  @Override
  public Future<Long> version(String doc) {
    return on(doc, s -> s.fresh().map(DocState::v));
  }

  @Override
  public Future<OpsRange> ops(String doc, long from, long to) {
    return on(doc, s -> s.ops(from, to));
  }

  private <T> Future<T> on(String doc, Function<DocSequencer, Future<T>> work) {
    return onShard(doc, shard -> shard.run(doc, work));
  }

  private <T> Future<T> onShard(String doc, Function<SequencerShard, Future<T>> work) {
    if (shards.isEmpty()) {
      return Future.failedFuture(new IllegalStateException("no sequencer shard is running"));
    }
    SequencerShard shard = shards.get(Math.floorMod(doc.hashCode(), shards.size()));
    return ContextHop.call(shard.deps().context(), () -> work.apply(shard));
  }
}
