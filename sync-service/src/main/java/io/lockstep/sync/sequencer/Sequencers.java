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
 *
 * <p>In a cluster each document has one sequencer in the whole cluster: every call goes through the
 * {@link Routing} (set by the cluster wiring), which runs it here when this node owns the document
 * and forwards it to the owner otherwise. {@link #here()} runs calls on this node regardless.
 */
public final class Sequencers implements Sequencing {
  private static final long IDLE_MS = 120_000;

  private final OpStore store;
  private final Limits limits;
  private final SyncMetrics metrics;
  private final List<SequencerShard> shards = new CopyOnWriteArrayList<>();
  private final Sequencing here = new Here();
  private volatile Routing routing;

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

  /** Routes every later call through {@code routing} (to the document's owner in the cluster). */
  public void routeWith(Routing routing) {
    this.routing = routing;
  }

  /** This node's sequencers, whoever owns the document: for calls forwarded here by another node. */
  public Sequencing here() {
    return here;
  }

  /**
   * Drops every cached document state that has no work queued, on every shard; called when the
   * cluster's ownership changes, since another node may commit to a document meanwhile and a state
   * reloaded on next use is never stale. Returns at once; the shards drop them on their own loops.
   */
  public void dropIdle() {
    for (SequencerShard shard : shards) {
      shard.deps().context().runOnContext(v -> shard.evictIdle(Long.MAX_VALUE, -1));
    }
  }

  @Override
  public Future<Long> submit(Submission submission) {
    return route(new SequencerCall.Submit(submission));
  }

  @Override
  public Future<Long> create(String doc, String type, Object data, String src, long seq) {
    return route(new SequencerCall.Create(doc, type, data, src, seq));
  }

  @Override
  public Future<Snapshot> snapshot(String doc) {
    return route(new SequencerCall.ReadSnapshot(doc));
  }

  @Override
  public Future<Long> version(String doc) {
    return route(new SequencerCall.ReadVersion(doc));
  }

  @Override
  public Future<OpsRange> ops(String doc, long from, long to) {
    return route(new SequencerCall.ReadOps(doc, from, to));
  }

  private <T> Future<T> route(SequencerCall<T> call) {
    Routing current = routing;
    return current == null ? call.runOn(here) : current.route(call);
  }

  /** The calls run on this node's shards. */
  private final class Here implements Sequencing {
    @Override
    public Future<Long> submit(Submission submission) {
      return onShard(submission.doc(), shard -> shard.submit(submission));
    }

    @Override
    public Future<Long> create(String doc, String type, Object data, String src, long seq) {
      return on(doc, s -> s.create(type, data, src, seq));
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
