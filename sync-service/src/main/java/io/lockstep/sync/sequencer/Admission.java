package io.lockstep.sync.sequencer;

import io.lockstep.common.config.Limits;
import io.lockstep.common.protocol.LockstepException;
import java.util.Optional;

/**
 * Per-document admission: an op is taken into the document's queue only when it can expect to be
 * sequenced soon. The expected wait is the requests ahead of it times the document's recent time
 * per op (a moving average over its drains, starting from 0: wall time of a drain divided by its
 * ops, so batching and store latency are both in it). Past {@code maxQueueWaitMs}, {@code maxQueuedPerDoc} requests or
 * {@code maxQueuedBytesPerDoc} bytes, the op is refused at once with {@code unavailable} and a
 * {@code retryMs} (about when the queue ahead will have drained): under overload the document keeps
 * serving at capacity with short queues, instead of queueing for seconds and rebasing every op over
 * all that waited before it. Touched only on the document's sequencer context.
 */
final class Admission {
  /** A queue this short is admitted whatever the estimate says: one slow drain (a GC pause) must not shed. */
  static final int MIN_QUEUE_FOR_WAIT = 8;
  /** The longest retry hint: a client should come back within seconds, not minutes. */
  static final long MAX_RETRY_MS = 5_000;
  /** Weight of the newest drain in the moving average (1/8). */
  private static final int SMOOTHING_SHIFT = 3;

  private final Limits limits;
  private final ShedSources shedSources = new ShedSources();
  private long nanosPerOp;

  Admission(Limits limits) {
    this.limits = limits;
  }

  /**
   * The refusal to answer {@code op} with (and its source is marked: see {@link ShedSources}), or
   * empty when it may join the queue of {@code waiting} requests holding {@code waitingBytes} of ops.
   */
  Optional<LockstepException> check(SubmittedOp op, int waiting, long waitingBytes, ShedSources.Committed committed) {
    String why = null;
    long now = System.nanoTime();
    if (shedSources.mustFollow(op, committed, now)) {
      why = "an earlier op of this src was refused; resend it first";
    } else if (waiting >= limits.maxQueuedPerDoc()) {
      why = waiting + " requests waiting";
    } else if (waitingBytes + bytes(op) > limits.maxQueuedBytesPerDoc()) {
      why = waitingBytes + " bytes of ops waiting";
    } else if (waiting >= MIN_QUEUE_FOR_WAIT && expectedWaitMs(waiting) > limits.maxQueueWaitMs()) {
      why = "about " + expectedWaitMs(waiting) + " ms of work waiting";
    }
    if (why == null) {
      return Optional.empty();
    }
    shedSources.shed(op, now);
    return Optional.of(refusal(op.doc(), why, waiting));
  }

  /** A read refused because {@code waiting} requests are ahead of it. */
  LockstepException refusal(String doc, String why, int waiting) {
    return LockstepException.shed("document " + doc + " is overloaded (" + why + "); retry after retryMs",
        retryMs(waiting));
  }

  /** A drain of {@code ops} ops took {@code nanos}. */
  void drained(long nanos, int ops) {
    if (ops <= 0) {
      return;
    }
    // From 0, not from the first sample, and no sample above the wait bound: one slow drain (the
    // document's first, with loading and a cold JIT; a GC pause) must not make it shed what follows.
    long sample = Math.min(nanos / ops, limits.maxQueueWaitMs() * 1_000_000L);
    nanosPerOp += (sample - nanosPerOp) >> SMOOTHING_SHIFT;
  }

  long expectedWaitMs(int waiting) {
    return waiting * nanosPerOp / 1_000_000;
  }

  /** About when the requests ahead will have been served: at least the wait bound, at most {@link #MAX_RETRY_MS}. */
  long retryMs(int waiting) {
    return Math.min(MAX_RETRY_MS, Math.max(limits.maxQueueWaitMs(), expectedWaitMs(waiting)));
  }

  static int bytes(SubmittedOp op) {
    return op.change() instanceof SubmittedOp.Edit edit ? edit.bytes() : 0;
  }
}
