package io.lockstep.common.engine.broker;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-process {@link Broker}: the embedded default when one process runs everything, and the
 * reference the Redis broker is tested against (both pass {@code BrokerContract}).
 *
 * <p>How it works: each topic maps to an immutable array of subscriptions, replaced on every
 * subscribe/unsubscribe. {@code publish} reads the array and hands the payload to each subscription's
 * context with {@code runOnContext}, which queues it behind the work already queued there, so
 * messages reach every subscription in the order {@code publish} was called. Publishing takes no lock
 * and runs no handler; it is safe from any thread.
 *
 * <p>Limits: one Vert.x instance only (nothing crosses processes or cluster nodes); no flow
 * control — a subscriber whose context falls behind accumulates queued deliveries in memory, so
 * consumers bound their own outbound buffers. Nothing is ever dropped by this broker, which is
 * stronger than the at-most-once contract, so tests of gap handling need a lossy double.
 */
public final class MemoryBroker implements Broker {
  private static final MemorySubscription[] NONE = new MemorySubscription[0];

  private final Vertx vertx;
  private final ConcurrentHashMap<String, MemorySubscription[]> topics = new ConcurrentHashMap<>();

  /** A broker delivering on contexts of {@code vertx}. */
  public MemoryBroker(Vertx vertx) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
  }

  /** Hands {@code payload} to every current subscription of {@code topic}; always succeeds. */
  @Override
  public Future<Void> publish(String topic, Buffer payload) {
    Objects.requireNonNull(payload, "payload");
    MemorySubscription[] subscriptions = topics.getOrDefault(Objects.requireNonNull(topic, "topic"), NONE);
    for (MemorySubscription subscription : subscriptions) {
      subscription.deliver(payload);
    }
    return Future.succeededFuture();
  }

  /** Subscribes on the caller's context (or a new one off Vert.x threads); effective immediately. */
  @Override
  public Future<Subscription> subscribe(String topic, Handler<Buffer> handler) {
    MemorySubscription subscription = new MemorySubscription(
        Objects.requireNonNull(topic, "topic"), vertx.getOrCreateContext(), Objects.requireNonNull(handler, "handler"));
    topics.compute(topic, (t, current) -> append(current, subscription));
    return Future.succeededFuture(subscription);
  }

  /** Number of topics with at least one subscription (for tests and metrics). */
  int topicCount() {
    return topics.size();
  }

  private static MemorySubscription[] append(MemorySubscription[] current, MemorySubscription added) {
    if (current == null) {
      return new MemorySubscription[] {added};
    }
    MemorySubscription[] next = Arrays.copyOf(current, current.length + 1);
    next[current.length] = added;
    return next;
  }

  private static MemorySubscription[] without(MemorySubscription[] current, MemorySubscription removed) {
    MemorySubscription[] next = Arrays.stream(current).filter(s -> s != removed).toArray(MemorySubscription[]::new);
    // Returning null from compute drops the topic, so an idle topic leaves nothing behind.
    return next.length == 0 ? null : next;
  }

  private final class MemorySubscription extends LocalSubscription {
    MemorySubscription(String topic, Context context, Handler<Buffer> handler) {
      super(topic, context, handler);
    }

    @Override
    public Future<Void> unsubscribe() {
      if (deactivate()) {
        topics.computeIfPresent(topic(), (t, current) -> without(current, this));
      }
      return Future.succeededFuture();
    }
  }
}
