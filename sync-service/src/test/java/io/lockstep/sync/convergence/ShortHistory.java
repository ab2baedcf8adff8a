package io.lockstep.sync.convergence;

import io.lockstep.common.config.Limits;
import io.lockstep.common.config.LockstepConfig;

/** A server configuration that keeps little history, so that catching up from an old version gets a snapshot. */
final class ShortHistory {
  private ShortHistory() {}

  /** Ops kept per document at least; a snapshot is stored every this many ops as well. */
  static final int KEPT = 5;

  static LockstepConfig config() {
    Limits d = Limits.DEFAULTS;
    return LockstepConfig.defaults().withLimits(new Limits(d.maxFrameBytes(), d.maxOpComponents(), d.maxDocBytes(),
        d.opsPerSecond(), d.opsBurst(), d.maxSubscriptions(), d.maxOutboundBytes(), d.maxErrorsPerMinute(), KEPT, KEPT,
        d.maxSubmitRetries(), d.maxQueuedPerDoc(), d.maxQueueWaitMs(), d.maxQueuedBytesPerDoc()));
  }
}
