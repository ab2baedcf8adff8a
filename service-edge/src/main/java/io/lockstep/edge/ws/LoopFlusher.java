package io.lockstep.edge.ws;

import io.vertx.core.Context;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flushes every connection of one event loop that has frames queued ({@link FlushingOutbound}), in one task per loop turn.
 * Frames that fall due while the loop is busy (a burst of ops) therefore reach each connection
 * together, as one write, instead of one write per frame; when the loop is idle a frame waits
 * only for the next turn. Not thread-safe: owned by its event loop.
 */
public final class LoopFlusher {
  private static final Logger LOG = LoggerFactory.getLogger(LoopFlusher.class);
  private final Context context;
  private List<FlushingOutbound> dirty = new ArrayList<>();
  private boolean scheduled;

  public LoopFlusher(Context context) {
    this.context = context;
  }

  void markDirty(FlushingOutbound outbound) {
    dirty.add(outbound);
    if (!scheduled) {
      scheduled = true;
      context.runOnContext(v -> flushAll());
    }
  }

  private void flushAll() {
    scheduled = false;
    List<FlushingOutbound> due = dirty;
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
