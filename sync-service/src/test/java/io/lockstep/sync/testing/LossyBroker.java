package io.lockstep.sync.testing;

import io.lockstep.common.engine.broker.Broker;
import io.lockstep.common.engine.broker.Subscription;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A broker that loses messages, as Redis pub/sub does while a node reconnects: every
 * {@code dropEvery}-th publish is silently dropped. A test double for gap-filling tests; the
 * broker contract allows exactly this (at-most-once).
 */
public final class LossyBroker implements Broker {
  private final Broker delegate;
  private final int dropEvery;
  private final AtomicLong published = new AtomicLong();

  public LossyBroker(Broker delegate, int dropEvery) {
    this.delegate = delegate;
    this.dropEvery = dropEvery;
  }

  @Override
  public Future<Void> publish(String topic, Buffer payload) {
    if (published.incrementAndGet() % dropEvery == 0) {
      return Future.succeededFuture();
    }
    return delegate.publish(topic, payload);
  }

  @Override
  public Future<Subscription> subscribe(String topic, Handler<Buffer> handler) {
    return delegate.subscribe(topic, handler);
  }
}
