package io.lockstep.edge.ws;

import io.vertx.core.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flushes every connection of one event loop that has something queued ({@link FlushingOutbound},
 * an SSE stream), in one task per loop turn. Messages that fall due while the loop is busy (a burst
 * of ops) therefore reach each connection together, as one write and one flush, instead of one
 * write per message; when the loop is idle a message waits only for the next turn.
 *
 * <p>Under load the flushes of one loop are spaced at least {@link #MIN_INTERVAL_NANOS} apart: a
 * hot document commits a batch every few hundred microseconds, and writing each batch to every
 * subscriber at once costs one system call per connection per batch (most of a busy server's CPU,
 * measured). Waiting up to 2 ms lets several batches share one write; a quiet loop, whose last
 * flush is older than that, still flushes in the next turn. Not thread-safe: owned by its event loop.
 */
public final class LoopFlusher {

  /** A connection's queued output. */
  public interface Flushable {
    /** Writes everything queued, in order, with one flush. */
    void flush();

    /** Drops what is queued and stops writing: the connection failed. */
    void abandon();
  }

  /** Least time between two flushes of one loop. */
  static final long MIN_INTERVAL_NANOS = 2_000_000;
  private static final Logger LOG = LoggerFactory.getLogger(LoopFlusher.class);
  private final Context context;
  private List<Flushable> dirty = new ArrayList<>();
  private final LongSupplier nanoClock;
  private boolean scheduled;
  private long lastFlushNanos;

  public LoopFlusher(Context context) {
    this(context, System::nanoTime);
  }

  /** With the clock the flush spacing is measured on (tests). */
  LoopFlusher(Context context, LongSupplier nanoClock) {
    this.context = context;
    this.nanoClock = nanoClock;
    this.lastFlushNanos = nanoClock.getAsLong() - MIN_INTERVAL_NANOS;
  }

  /** Flushes {@code outbound} at the end of this loop turn; call once per turn, when its first message is queued. */
  public void markDirty(Flushable outbound) {
    dirty.add(outbound);
    if (!scheduled) {
      scheduled = true;
      long waitNanos = lastFlushNanos + MIN_INTERVAL_NANOS - nanoClock.getAsLong();
      if (waitNanos <= 0) {
        context.runOnContext(v -> flushAll());
      } else {
        context.owner().setTimer(Math.max(1, waitNanos / 1_000_000), id -> flushAll());
      }
    }
  }

  private void flushAll() {
    scheduled = false;
    lastFlushNanos = nanoClock.getAsLong();
    List<Flushable> due = dirty;
    dirty = new ArrayList<>();
    for (int i = 0; i < due.size(); i++) {
      try {
        due.get(i).flush();
      } catch (RuntimeException e) {
        // One broken socket must not stall the other connections of this loop.
        LOG.warn("flushing a connection failed: {}", e.toString());
        due.get(i).abandon();
      }
    }
  }
}
