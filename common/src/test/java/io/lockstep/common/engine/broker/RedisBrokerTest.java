package io.lockstep.common.engine.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockstep.common.engine.redis.RedisConnections;
import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.LockstepException;
import io.lockstep.common.testing.RedisServerExtension;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxTestContext;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The broker contract on Redis pub/sub, plus subscription sharing and surviving Redis restarts. */
class RedisBrokerTest extends BrokerContract {
  @RegisterExtension
  static final RedisServerExtension REDIS = new RedisServerExtension();

  private final Map<RedisBroker, RedisConnections> connections = new IdentityHashMap<>();

  @Override
  protected Broker newBroker(Vertx vertx) {
    return open(vertx);
  }

  @Override
  protected Future<Void> dispose(Broker broker) {
    return close((RedisBroker) broker);
  }

  @AfterEach
  void brokersAreClosedAndTheServerIsLeftRunning() {
    for (RedisBroker broker : List.copyOf(connections.keySet())) {
      await(close(broker));
    }
    if (!REDIS.isRunning()) {
      REDIS.restart(false);
    }
  }

  @Test
  void nodeHoldsOneRedisSubscriptionPerTopicWhateverItsLocalSubscribers(Vertx vertx) {
    RedisBroker broker = open(vertx);
    String topic = "shared:" + UUID.randomUUID();
    Subscription a = await(broker.subscribe(topic, payload -> {}));
    Subscription b = await(broker.subscribe(topic, payload -> {}));

    assertThat(await(broker.topicCount())).isEqualTo(1);
    assertThat(redisSubscribers(broker, topic)).isEqualTo(1);

    await(a.unsubscribe());
    assertThat(await(broker.topicCount())).isEqualTo(1);
    await(b.unsubscribe());
    assertThat(await(broker.topicCount())).isZero();
  }

  @Test
  void topicSubscribedAgainAfterEveryoneLeftReceivesAgain(Vertx vertx, VertxTestContext test) {
    RedisBroker broker = open(vertx);
    String topic = "again:" + UUID.randomUUID();
    await(await(broker.subscribe(topic, payload -> {})).unsubscribe());

    broker.subscribe(topic, payload -> test.verify(() -> {
      assertThat(payload.toString()).isEqualTo("back");
      test.completeNow();
    })).compose(s -> broker.publish(topic, Buffer.buffer("back"))).onFailure(test::failNow);
  }

  @Test
  void subscriptionSurvivesARedisRestartAndReceivesLaterPublishes(Vertx vertx, VertxTestContext test) {
    RedisBroker broker = open(vertx);
    String topic = "restart:" + UUID.randomUUID();
    Promise<Void> before = Promise.promise();
    Promise<String> after = Promise.promise();
    await(broker.subscribe(topic, payload -> {
      if (payload.toString().equals("before")) {
        before.tryComplete();
      } else {
        after.tryComplete(payload.toString());
      }
    }));
    await(broker.publish(topic, Buffer.buffer("before")));
    await(before.future());

    REDIS.kill();
    REDIS.restart(false);

    // The broker resubscribes on its own after a backoff; publish until a message gets through
    // (those sent before the resubscription are lost, as the contract allows).
    long periodic = vertx.setPeriodic(20, id -> broker.publish(topic, Buffer.buffer("after")));
    after.future().onComplete(test.succeeding(message -> test.verify(() -> {
      vertx.cancelTimer(periodic);
      assertThat(message).isEqualTo("after");
      test.completeNow();
    })));
  }

  /**
   * A subscription that lived through a Redis restart is told when it is effective again (issue 14:
   * its consumer checks the store for what was lost then), and a message published after the signal
   * reaches it; a subscription made after the restart is not told.
   */
  @Test
  void aSubscriptionIsToldWhenItIsEffectiveAgainAfterARestart(Vertx vertx) {
    RedisBroker broker = open(vertx);
    String topic = "resumed:" + UUID.randomUUID();
    Promise<Void> resumed = Promise.promise();
    Promise<String> after = Promise.promise();
    await(broker.subscribe(topic, payload -> after.tryComplete(payload.toString()), v -> resumed.tryComplete()));

    REDIS.kill();
    REDIS.restart(false);

    await(resumed.future());
    await(broker.publish(topic, Buffer.buffer("after the signal")));
    assertThat(await(after.future())).isEqualTo("after the signal");

    Promise<Void> lateResumed = Promise.promise();
    await(broker.subscribe("late:" + topic, payload -> {}, v -> lateResumed.tryComplete()));
    assertThat(lateResumed.future().isComplete()).as("a subscription made after the restart lost nothing").isFalse();
  }

  /**
   * With the default backoff a broker that has been retrying for a while (its delay grown to the
   * cap) is subscribed again within the cap of Redis answering (issue 14: every message published
   * before then is lost to this node, and its subscribers wait for the store check that follows).
   */
  @Test
  void aBrokerWithTheDefaultBackoffIsBackWithinItsCapOfRedisAnswering(Vertx vertx) throws InterruptedException {
    RedisConnections redis = new RedisConnections(vertx, new RedisOptions().setConnectionString(REDIS.uri()),
        Duration.ofSeconds(5));
    RedisBroker broker = new RedisBroker(vertx, redis);
    connections.put(broker, redis);
    Promise<Void> resumed = Promise.promise();
    await(broker.subscribe("cadence:" + UUID.randomUUID(), payload -> {}, v -> resumed.tryComplete()));

    REDIS.kill();
    Thread.sleep(3_000); // long enough for the delay between failed attempts to reach the cap
    REDIS.restart(false);
    long back = System.nanoTime();

    await(resumed.future());
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - back))
        .as("ms from Redis answering until the subscription was effective again")
        .isLessThanOrEqualTo(RedisBroker.MAX_RETRY.toMillis() + 250);
  }

  /**
   * The heartbeat's PING (every 15 s) is answered on a healthy connection: it must not be taken for a
   * dead one (its answer once reached the push handler, the PING timed out and every heartbeat dropped
   * the connection, losing messages and resubscribing).
   */
  @Test
  void aHealthyConnectionOutlivesItsHeartbeat(Vertx vertx) throws InterruptedException {
    RedisBroker broker = open(vertx);
    String topic = "heartbeat:" + UUID.randomUUID();
    Promise<Void> resumed = Promise.promise();
    Promise<String> received = Promise.promise();
    await(broker.subscribe(topic, payload -> received.tryComplete(payload.toString()), v -> resumed.tryComplete()));

    Thread.sleep(21_000); // past one heartbeat and its 5 s answer deadline

    assertThat(resumed.future().isComplete()).as("the connection was never dropped and resubscribed").isFalse();
    await(broker.publish(topic, Buffer.buffer("still here")));
    assertThat(await(received.future())).isEqualTo("still here");
  }

  @Test
  void publishAndNewSubscriptionsFailAsUnavailableWhileRedisIsDown(Vertx vertx) {
    RedisBroker broker = open(vertx);
    REDIS.kill();

    assertUnavailable(broker.publish("down", Buffer.buffer("x")));
    assertUnavailable(broker.subscribe("down", payload -> {}));
    assertThat(await(broker.topicCount())).as("a failed subscription leaves nothing behind").isZero();

    REDIS.restart(false);
    await(broker.subscribe("down", payload -> {}));
    assertThat(await(broker.topicCount())).isEqualTo(1);
  }

  @Test
  void closedBrokerRejectsSubscriptions(Vertx vertx) {
    RedisBroker broker = open(vertx);
    await(broker.subscribe("closing", payload -> {}));
    await(close(broker));

    assertThatThrownBy(() -> await(broker.subscribe("closing", payload -> {})))
        .hasCauseInstanceOf(IllegalStateException.class);
    await(broker.close());
  }

  // ---- helpers ----

  private RedisBroker open(Vertx vertx) {
    RedisConnections redis = new RedisConnections(vertx, new RedisOptions().setConnectionString(REDIS.uri()),
        Duration.ofSeconds(5));
    RedisBroker broker = new RedisBroker(vertx, redis, Duration.ofMillis(20), Duration.ofMillis(500));
    connections.put(broker, redis);
    return broker;
  }

  private Future<Void> close(RedisBroker broker) {
    RedisConnections redis = connections.remove(broker);
    return redis == null ? broker.close() : broker.close().eventually(redis::close);
  }

  /** How many connections Redis counts as subscribed to {@code topic} ({@code PUBSUB NUMSUB}). */
  private long redisSubscribers(RedisBroker broker, String topic) {
    RedisConnections redis = connections.get(broker);
    return await(redis.send(Request.cmd(Command.PUBSUB).arg("NUMSUB").arg(topic))).get(1).toLong();
  }

  private static void assertUnavailable(Future<?> future) {
    assertThatThrownBy(() -> await(future))
        .hasCauseInstanceOf(LockstepException.class)
        .satisfies(e -> assertThat(((LockstepException) e.getCause()).code()).isEqualTo(ErrorCode.UNAVAILABLE));
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.await(20, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("no answer within 20 s", e);
    } catch (RuntimeException e) {
      throw new IllegalStateException("future failed: " + e.getMessage(), e);
    }
  }
}
