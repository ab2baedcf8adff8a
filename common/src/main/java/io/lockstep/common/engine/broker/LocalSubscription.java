package io.lockstep.common.engine.broker;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;

/**
 * One local subscriber of a broker topic: messages are handed to its handler on the context
 * that subscribed, in the order the broker delivers them. Brokers differ only in how
 * {@link #unsubscribe()} detaches it.
 */
abstract class LocalSubscription implements Subscription {
  private final String topic;
  private final Context context;
  private final Handler<Buffer> handler;
  /** Told when the broker's connection came back (messages may have been lost); null: nobody listens. */
  private final Handler<Void> resumed;
  private volatile boolean active = true;

  LocalSubscription(String topic, Context context, Handler<Buffer> handler) {
    this(topic, context, handler, null);
  }

  LocalSubscription(String topic, Context context, Handler<Buffer> handler, Handler<Void> resumed) {
    this.topic = topic;
    this.context = context;
    this.handler = handler;
    this.resumed = resumed;
  }

  /** Queued on the context behind the messages delivered before, like a message. */
  final void resume() {
    if (resumed != null) {
      context.runOnContext(ignored -> {
        if (active) {
          resumed.handle(null);
        }
      });
    }
  }

  final void deliver(Buffer payload) {
    // Checked again on the context: a delivery queued before unsubscribe must not run after it.
    context.runOnContext(ignored -> {
      if (active) {
        handler.handle(payload);
      }
    });
  }

  /** Stops delivery; true the first time only, so detaching happens once. */
  final boolean deactivate() {
    boolean was = active;
    active = false;
    return was;
  }

  @Override
  public final String topic() {
    return topic;
  }
}
