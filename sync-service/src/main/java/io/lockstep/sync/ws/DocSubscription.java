package io.lockstep.sync.ws;

import io.lockstep.sync.fanout.FanoutListener;
import io.lockstep.sync.fanout.FanoutOp;
import io.lockstep.sync.fanout.OrderedStart;

/**
 * One connection's subscription to one document: live ops reach the {@link SubscribeHandler} in
 * version order from the reply to {@code sub} on ({@link OrderedStart}).
 */
final class DocSubscription implements FanoutListener {
  private final SubscribeHandler handler;
  final String doc;
  private final OrderedStart stream;

  DocSubscription(SubscribeHandler handler, String doc) {
    this.handler = handler;
    this.doc = doc;
    this.stream = new OrderedStart(new OrderedStart.Sink() {
      @Override
      public void deliver(FanoutOp op) {
        handler.deliver(DocSubscription.this, op);
      }

      @Override
      public void broken(String why) {
        handler.broken(DocSubscription.this, why);
      }
    });
  }

  boolean live() {
    return stream.live();
  }

  /** The first version this subscriber has not been sent yet. */
  long nextV() {
    return stream.nextV();
  }

  /** The reply up to {@code version} was sent: deliver what was held back after it, go live. */
  void start(long version) {
    stream.start(version);
  }

  @Override
  public void onOp(FanoutOp op) {
    stream.accept(op);
  }

  @Override
  public void onFanoutFailed(Throwable cause) {
    handler.broken(this, cause.getMessage());
  }
}
