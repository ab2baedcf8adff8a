package io.lockstep.edge.ws;

import io.vertx.core.Context;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flushes every connection of one event loop that has something queued ({@link FlushingOutbound},
 * an SSE stream), in one task per loop turn. Messages that fall due while the loop is busy (a burst
 * of ops) therefore reach each connection together, as one write and one flush, instead of one
 * write per message; when the loop is idle a message waits only for the next turn. Not
 * thread-safe: owned by its event loop.
 */
public final class LoopFlusher {

  /** A connection's queued output. */
  public interface Flushable {
    /** Writes everything queued, in order, with one flush. */
    void flush();

    /** Drops what is queued and stops writing: the connection failed. */
    void abandon();
  }

  private static final Logger LOG = LoggerFactory.getLogger(LoopFlusher.class);
  private final Context context;
  private List<Flushable> dirty = new ArrayList<>();
  private boolean scheduled;

  public LoopFlusher(Context context) {
    this.context = context;
  }

  /** Flushes {@code outbound} at the end of this loop turn; call once per turn, when its first message is queued. */
  public void markDirty(Flushable outbound) {
    dirty.add(outbound);
    if (!scheduled) {
      scheduled = true;
      context.runOnContext(v -> flushAll());
    }
  }

  private void flushAll() {
    scheduled = false;
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
