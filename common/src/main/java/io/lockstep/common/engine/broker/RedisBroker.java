package io.lockstep.common.engine.broker;

import io.lockstep.common.engine.redis.LuaScript;
import io.lockstep.common.engine.redis.RedisConnections;
import io.lockstep.common.engine.redis.RedisPubSub;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeoutException;

/**
 * The {@link Broker} shared by every replica: Redis pub/sub ({@code PUBLISH}/{@code SUBSCRIBE});
 * passes {@code BrokerContract} like {@link MemoryBroker}.
 *
 * <p>How it works: {@link #publish} sends {@code PUBLISH} on one ordered connection, routed by the
 * topic's hash slot in cluster mode ({@link #publish}), which keeps each topic's order.
 * Subscriptions share ONE dedicated pub/sub connection per broker, and the node is subscribed to a
 * topic in Redis only while it has local subscriptions: {@code SUBSCRIBE} on the first,
 * {@code UNSUBSCRIBE} after the last. A subscription is effective (its future completes) when Redis
 * confirms the {@code SUBSCRIBE} (a {@code subscribe} push on that connection), not when the command
 * is written, so "published after subscribe completed" really is received. Each message is handed to
 * every local subscription with {@code runOnContext} on the subscriber's context, in the order the
 * connection received it, which keeps per-topic order.
 *
 * <p>Reconnection ({@link RedisPubSub}): when the pub/sub connection drops (Redis restarted,
 * network), the broker reconnects with exponential backoff (from {@code firstRetry}, doubling, capped at
 * {@code maxRetry}, with jitter) and resubscribes every topic that still has local subscriptions.
 * Messages published while the connection was down are lost (at-most-once); op consumers fill the gap
 * from the store. A {@link #subscribe} that is waiting for its confirmation when the connection drops
 * fails, and so does one made while the broker waits to retry; both with
 * {@code LockstepException(unavailable)}. The first subscribe connects; with no local subscription
 * left, a dropped connection is not reopened until the next subscribe.
 *
 * <p>A connection that dies without being closed is noticed by a {@code PING} every 15 s (RESP3
 * only) and by {@code SUBSCRIBE} confirmations that do not come within 10 s; both count as a drop.
 *
 * <p>Threading: the state (topics, the connection) is confined to the event-loop context of the
 * pub/sub connection; public methods hop to it and complete on the caller's context, and are safe
 * from any thread.
 *
 * <p>Modes: passes the broker contract against standalone Redis, through a Sentinel and on a Redis
 * Cluster. In cluster mode classic pub/sub is broadcast to every node, so every message crosses
 * the whole cluster. The pub/sub connection needs Redis
 * to push {@code subscribe} confirmations to the connection handler, which vertx-redis-client does
 * with RESP3 (Redis 6 and later) and RESP2 alike, as long as no other command is sent on it.
 */
public final class RedisBroker implements Broker {
  private static final LuaScript PUBLISH = LuaScript.load("publish");
  /** Delay before the first reconnection attempt by default. */
  public static final Duration FIRST_RETRY = RedisPubSub.FIRST_RETRY;
  /** Longest delay between reconnection attempts by default. */
  public static final Duration MAX_RETRY = RedisPubSub.MAX_RETRY;
  /** How long a {@code SUBSCRIBE} may stay unconfirmed before the connection is considered dead. */
  private static final long CONFIRM_TIMEOUT_MS = 10_000;

  private final Vertx vertx;
  private final RedisConnections redis;
  private final RedisPubSub pubsub;

  // Everything below is touched on the pub/sub connection's home context only.
  private final Map<String, Topic> topics = new HashMap<>();
  /** Per channel, the topics whose SUBSCRIBE was sent and not yet confirmed, in sending order. */
  private final Map<String, ArrayDeque<Topic>> unconfirmed = new HashMap<>();

  /** A broker on {@code redis} with the default reconnection backoff. */
  public RedisBroker(Vertx vertx, RedisConnections redis) {
    this(vertx, redis, FIRST_RETRY, MAX_RETRY);
  }

  /**
   * @param redis the connections to publish with; the broker opens its own pub/sub connection and
   *     does not close {@code redis}
   * @param firstRetry delay before the first reconnection attempt, positive
   * @param maxRetry longest delay between attempts, at least {@code firstRetry}
   */
  public RedisBroker(Vertx vertx, RedisConnections redis, Duration firstRetry, Duration maxRetry) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.redis = Objects.requireNonNull(redis, "redis");
    this.pubsub = new RedisPubSub(vertx, redis, firstRetry, maxRetry);
    pubsub.listener(new Topics());
  }

  /**
   * Publishes over the ordered connection ({@link RedisConnections#ordered}) as a one-line script
   * whose key is the topic: in cluster mode that routes it to the node owning the topic's slot
   * (where the op-commit script publishes too), and keeps each topic's messages in order in every
   * mode, where a keyless {@code PUBLISH} over the pool could overtake or, in a cluster, go to a
   * random node. Fails with {@code LockstepException(unavailable)} when Redis cannot be reached. */
  @Override
  public Future<Void> publish(String topic, Buffer payload) {
    Request request = PUBLISH.eval(List.of(Objects.requireNonNull(topic, "topic")),
        List.of(Objects.requireNonNull(payload, "payload")));
    return redis.ordered().send(request).<Void>mapEmpty().recover(e -> RedisConnections.unavailable("broker", e));
  }

  /**
   * Subscribes on the caller's context; completes once Redis confirmed the topic's subscription (at
   * once when this node already has it). Fails with {@code LockstepException(unavailable)} when the
   * pub/sub connection cannot be opened or drops first, and with {@code IllegalStateException} after
   * {@link #close}.
   */
  @Override
  public Future<Subscription> subscribe(String topic, Handler<Buffer> handler) {
    return subscribe(topic, handler, null);
  }

  /**
   * As {@link #subscribe(String, Handler)}; {@code resumed} (may be null) runs on the caller's context
   * when Redis confirms the topic again on a new pub/sub connection, after the one this subscription
   * was effective on dropped.
   */
  @Override
  public Future<Subscription> subscribe(String topic, Handler<Buffer> handler, Handler<Void> resumed) {
    RedisSubscription subscription = new RedisSubscription(Objects.requireNonNull(topic, "topic"),
        vertx.getOrCreateContext(), Objects.requireNonNull(handler, "handler"), resumed);
    return pubsub.call(() -> attach(subscription));
  }

  /**
   * Ends every subscription (their handlers are not called again), closes the pub/sub connection and
   * stops reconnecting. Idempotent. Does not close the {@link RedisConnections}.
   */
  public Future<Void> close() {
    return pubsub.call(() -> {
      if (pubsub.isClosed()) {
        return Future.succeededFuture();
      }
      for (Topic topic : topics.values()) {
        topic.subscriptions.forEach(LocalSubscription::deactivate);
        topic.failWaiters(new IllegalStateException("the broker was closed"));
        vertx.cancelTimer(topic.confirmTimer);
      }
      topics.clear();
      unconfirmed.clear();
      return pubsub.close();
    });
  }

  /** Number of topics this node is subscribed to (for tests and metrics). */
  Future<Integer> topicCount() {
    return pubsub.call(() -> Future.succeededFuture(topics.size()));
  }

  // ---- on the pub/sub connection's home ----

  private Future<Subscription> attach(RedisSubscription subscription) {
    if (pubsub.isClosed()) {
      return Future.failedFuture(new IllegalStateException("the broker is closed"));
    }
    if (pubsub.isWaitingToRetry()) {
      return RedisConnections.unavailable("broker", pubsub.lastFailure());
    }
    Topic topic = topics.get(subscription.topic());
    boolean fresh = topic == null;
    if (fresh) {
      topic = new Topic(subscription.topic());
      topics.put(topic.name, topic);
    }
    topic.subscriptions.add(subscription);
    if (topic.confirmed) {
      return Future.succeededFuture(subscription);
    }
    Promise<Subscription> result = Promise.promise();
    topic.waiters.add(new Waiter(subscription, result));
    if (pubsub.isConnected()) {
      if (fresh) {
        sendSubscribe(topic);
      }
    } else {
      // Connecting: every topic is subscribed once the connection is up.
      pubsub.connectIfIdle();
    }
    return result.future();
  }

  private void detach(RedisSubscription subscription) {
    Topic topic = topics.get(subscription.topic());
    if (topic == null || !topic.subscriptions.remove(subscription) || !topic.subscriptions.isEmpty()) {
      return;
    }
    topics.remove(topic.name);
    vertx.cancelTimer(topic.confirmTimer);
    if (pubsub.isConnected()) {
      pubsub.send(Request.cmd(Command.UNSUBSCRIBE).arg(topic.name));
    }
  }

  private void sendSubscribe(Topic topic) {
    unconfirmed.computeIfAbsent(topic.name, name -> new ArrayDeque<>()).add(topic);
    long sentOn = pubsub.send(Request.cmd(Command.SUBSCRIBE).arg(topic.name));
    vertx.cancelTimer(topic.confirmTimer);
    topic.confirmTimer = vertx.setTimer(CONFIRM_TIMEOUT_MS, id -> pubsub.onHome(() -> {
      if (topics.get(topic.name) == topic && !topic.confirmed) {
        pubsub.drop(sentOn,
            new TimeoutException("SUBSCRIBE " + topic.name + " not confirmed within " + CONFIRM_TIMEOUT_MS + " ms"));
      }
    }));
  }

  /** What the broker does with its pub/sub connection: its topics are what is subscribed. */
  private final class Topics implements RedisPubSub.Listener {
    @Override
    public void connected() {
      for (Topic topic : topics.values()) {
        sendSubscribe(topic);
      }
    }

    @Override
    public void received(Response reply) {
      if (reply.size() < 3) {
        return;
      }
      String kind = reply.get(0).toString();
      String channel = reply.get(1).toString();
      if ("message".equals(kind)) {
        Topic topic = topics.get(channel);
        if (topic != null) {
          Buffer payload = reply.get(2).toBuffer();
          for (RedisSubscription subscription : topic.subscriptions) {
            subscription.deliver(payload);
          }
        }
      } else if ("subscribe".equals(kind)) {
        // Redis confirms SUBSCRIBEs of one connection in the order they were sent, so the oldest one
        // sent for this channel is the one confirmed. Its topic may have been dropped (everyone left)
        // and created again since; only the live one is confirmed.
        ArrayDeque<Topic> sent = unconfirmed.get(channel);
        Topic topic = sent == null ? null : sent.poll();
        if (sent != null && sent.isEmpty()) {
          unconfirmed.remove(channel);
        }
        if (topic != null && topics.get(channel) == topic) {
          topic.confirm(vertx);
        }
      }
    }

    /**
     * Subscriptions still waiting for their confirmation fail; the others stay and are resubscribed by
     * the next connection.
     */
    @Override
    public void disconnected(Throwable cause) {
      unconfirmed.clear();
      for (Topic topic : new ArrayList<>(topics.values())) {
        topic.confirmed = false;
        vertx.cancelTimer(topic.confirmTimer);
        for (Waiter waiter : topic.waiters) {
          waiter.subscription.deactivate();
          topic.subscriptions.remove(waiter.subscription);
        }
        topic.failWaiters(RedisConnections.unavailableError("broker", cause));
        if (topic.subscriptions.isEmpty()) {
          topics.remove(topic.name);
        }
      }
    }

    @Override
    public boolean wanted() {
      return !topics.isEmpty();
    }
  }

  /** This node's subscription to one Redis channel and the local subscriptions it feeds. */
  private static final class Topic {
    private final String name;
    private final List<RedisSubscription> subscriptions = new ArrayList<>();
    /** Subscriptions whose future waits for the SUBSCRIBE confirmation. */
    private final List<Waiter> waiters = new ArrayList<>();
    private boolean confirmed;
    private long confirmTimer = -1;

    Topic(String name) {
      this.name = name;
    }

    void confirm(Vertx vertx) {
      confirmed = true;
      vertx.cancelTimer(confirmTimer);
      List<Waiter> ready = List.copyOf(waiters);
      waiters.clear();
      // The subscriptions not waiting for this confirmation were effective on a connection that
      // dropped: they may have lost messages meanwhile.
      for (RedisSubscription subscription : subscriptions) {
        if (ready.stream().noneMatch(waiter -> waiter.subscription == subscription)) {
          subscription.resume();
        }
      }
      ready.forEach(waiter -> waiter.result.complete(waiter.subscription));
    }

    void failWaiters(Throwable cause) {
      List<Waiter> failed = List.copyOf(waiters);
      waiters.clear();
      failed.forEach(waiter -> waiter.result.fail(cause));
    }
  }

  private record Waiter(RedisSubscription subscription, Promise<Subscription> result) {}

  private final class RedisSubscription extends LocalSubscription {
    RedisSubscription(String topic, Context context, Handler<Buffer> handler, Handler<Void> resumed) {
      super(topic, context, handler, resumed);
    }

    @Override
    public Future<Void> unsubscribe() {
      if (!deactivate()) {
        return Future.succeededFuture();
      }
      return pubsub.call(() -> {
        detach(this);
        return Future.succeededFuture();
      });
    }
  }
}
