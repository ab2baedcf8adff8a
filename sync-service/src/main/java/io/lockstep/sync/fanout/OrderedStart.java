package io.lockstep.sync.fanout;

import java.util.ArrayList;
import java.util.List;

/**
 * One subscriber's view of a document's fan-out, from the reply to its subscription on. Until the
 * reply (a snapshot or catch-up up to version C) is sent, live ops are held back; then the ones
 * after C pass on, in order, so the subscriber sees the reply first and live ops continue exactly
 * at C + 1. A gap, or too many ops held back, breaks the stream instead of skipping anything.
 * Used on the subscriber's event loop only.
 */
public final class OrderedStart {
  private static final int MAX_HELD_BACK = 10_000;

  /** Where the ops go. */
  public interface Sink {
    void deliver(FanoutOp op);

    /** The stream cannot continue without a gap: the subscriber must start over. */
    void broken(String why);
  }

  private final Sink sink;
  /** Ops that arrived before the reply was sent; null once live. */
  private List<FanoutOp> heldBack = new ArrayList<>();
  private long nextV;

  public OrderedStart(Sink sink) {
    this.sink = sink;
  }

  public boolean live() {
    return heldBack == null;
  }

  /** The first version not passed on yet. */
  public long nextV() {
    if (!live()) {
      throw new IllegalStateException("the stream has not started");
    }
    return nextV;
  }

  /** The reply up to {@code version} was sent: pass on what was held back after it, go live. */
  public void start(long version) {
    nextV = version + 1;
    List<FanoutOp> held = heldBack;
    heldBack = null;
    for (FanoutOp op : held) {
      accept(op);
    }
  }

  public void accept(FanoutOp op) {
    if (heldBack != null) {
      if (heldBack.size() >= MAX_HELD_BACK) {
        sink.broken("too many ops arrived while the subscription was starting");
        return;
      }
      heldBack.add(op);
      return;
    }
    if (op.v() < nextV) {
      return;
    }
    if (op.v() > nextV) {
      // The fan-out is gap-free and the reply covered everything up to nextV - 1, so this would be a
      // bug; starting the subscriber over is the safe answer.
      sink.broken("missed ops " + nextV + ".." + (op.v() - 1));
      return;
    }
    nextV = op.v() + 1;
    sink.deliver(op);
  }
}
