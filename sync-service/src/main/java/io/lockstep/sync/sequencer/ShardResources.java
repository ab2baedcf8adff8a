package io.lockstep.sync.sequencer;

import io.lockstep.common.config.Limits;
import io.lockstep.common.engine.ops.OpStore;
import io.lockstep.common.util.ContextHop;
import io.lockstep.sync.metrics.SyncMetrics;
import io.vertx.core.Context;
import io.vertx.core.Future;

/** What every document sequencer of one shard shares: its event loop, the store, limits and meters. */
record ShardResources(Context context, OpStore store, Limits limits, SyncMetrics metrics) {

  /** Store results come back on whatever thread the store uses; sequencer state is touched only here. */
  <T> Future<T> local(Future<T> future) {
    return ContextHop.resumeOn(context, future);
  }

  /**
   * How many committed ops a sequencer keeps parsed in memory for rebasing: as many as the store
   * retains (and within as many bytes, {@link #keepRecentBytes}), so a lagging op never makes the sequencer re-read and re-parse history per submit.
   */
  int keepRecent() {
    return limits.retainOps();
  }

  /** The byte bound of the same memory, as the store's ({@code maxHistoryBytes}). */
  long keepRecentBytes() {
    return limits.maxHistoryBytes();
  }
}
