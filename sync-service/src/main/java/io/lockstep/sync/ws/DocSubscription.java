package io.lockstep.sync.ws;

import io.lockstep.sync.fanout.FanoutListener;
import io.lockstep.sync.fanout.FanoutOp;
import java.util.ArrayList;
import java.util.List;

/**
 * One connection's subscription to one document. Until the reply to {@code sub} (snapshot or
 * catch-up at version C) is sent, live ops are held back; then those after C are delivered, so
 * the client sees the reply first and live ops continue exactly at C + 1.
 */
final class DocSubscription implements FanoutListener {
  private static final int MAX_HELD_BACK = 10_000;
  private final SubscribeHandler handler;
  final String doc;
  /** Ops that arrived before the reply was sent; null once live. */
  private List<FanoutOp> heldBack = new ArrayList<>();
  private long nextV;

  DocSubscription(SubscribeHandler handler, String doc) {
    this.handler = handler;
    this.doc = doc;
  }

  boolean live() {
    return heldBack == null;
  }

  /** The first version this subscriber has not been sent yet. */
  long nextV() {
    if (!live()) {
      throw new IllegalStateException("the subscription to " + doc + " has not started");
    }
    return nextV;
  }

  /** The reply up to {@code version} was sent: deliver what was held back after it, go live. */
  void start(long version) {
    nextV = version + 1;
    List<FanoutOp> held = heldBack;
    heldBack = null;
    for (FanoutOp op : held) {
      onOp(op);
    }
  }

  @Override
  public void onOp(FanoutOp op) {
    if (heldBack != null) {
      if (heldBack.size() >= MAX_HELD_BACK) {
        handler.broken(this, "too many ops arrived while the subscription was starting");
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
      // bug; resubscribing the client is the safe answer.
      handler.broken(this, "missed ops " + nextV + ".." + (op.v() - 1));
      return;
    }
    nextV = op.v() + 1;
    handler.deliver(this, op);
  }

  @Override
  public void onFanoutFailed(Throwable cause) {
    handler.broken(this, cause.getMessage());
  }
}
