package io.lockstep.common.engine.broker;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;

/**
 * Topic publish/subscribe for fan-out between the nodes that have local subscribers (for example
 * the committed ops of one document, on {@link OpTopics#forDoc}). Implementations: {@link MemoryBroker}
 * (one process) and a Redis pub/sub broker (shared by replicas).
 *
 * <p>Guarantees every implementation gives:
 *
 * <ul>
 *   <li><b>At-most-once delivery.</b> A message may be lost (broker restart, reconnect, a slow
 *       subscriber dropped); it is never delivered twice to one subscription. Consumers that need every
 *       message (op subscribers) number them and fill gaps from the store.
 *   <li><b>Per-topic order.</b> Messages published to one topic by one publisher (calls ordered by
 *       happens-before, e.g. made one after another on one context or under one lock) reach each
 *       subscription in publish order. Nothing is promised across topics or across publishers.
 *   <li><b>Subscriber context.</b> A handler always runs on the Vert.x context that called
 *       {@link #subscribe} (a new event-loop context when that was not a Vert.x thread), never inside
 *       {@code publish}, so publishing under a lock cannot re-enter the caller.
 *   <li><b>Effective subscription.</b> Every message published after the future of
 *       {@code subscribe} completed is delivered to it (loss aside); messages published before may or
 *       may not be.
 *   <li>A handler that throws does not affect other messages or other subscriptions; the exception
 *       goes to its context's exception handler.
 * </ul>
 *
 * <p>Payloads are delivered as they were published; a payload may be shared between subscriptions
 * and must not be modified by handlers. Topic names are implementation-neutral strings; see
 * {@link OpTopics}.
 */
public interface Broker {

  /**
   * Publishes {@code payload} to every current subscription of {@code topic}. Never blocks and
   * never runs handlers synchronously. Succeeds when the message was handed to the broker (even if
   * nobody is subscribed); fails (typically with {@code LockstepException(unavailable)}) when the
   * broker cannot be reached, in which case the message may or may not have been delivered.
   */
  Future<Void> publish(String topic, Buffer payload);

  /**
   * Subscribes {@code handler} to {@code topic}; the handler runs on the calling context, once per
   * delivered message. The future completes once the subscription is effective. Several
   * subscriptions to the same topic are independent and each receives every message. Fails when the
   * broker cannot be reached.
   */
  Future<Subscription> subscribe(String topic, Handler<Buffer> handler);

  /**
   * Like {@link #subscribe(String, Handler)}, and {@code resumed} runs on the calling context each
   * time the subscription is effective again after the broker lost its connection: messages
   * published in between may be lost, so a consumer that needs every message checks its source of
   * truth then, at once, instead of waiting for a later message to show the gap. A broker that
   * never loses its connection ({@link MemoryBroker}) never calls it.
   */
  default Future<Subscription> subscribe(String topic, Handler<Buffer> handler, Handler<Void> resumed) {
    return subscribe(topic, handler);
  }
}
