package io.lockstep.common.engine.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockstep.common.engine.broker.Broker;
import io.lockstep.common.engine.broker.RedisBroker;
import io.lockstep.common.engine.redis.RedisConnections;
import io.lockstep.common.engine.redis.RedisKeys;
import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.LockstepException;
import io.lockstep.common.testing.RedisServerExtension;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The presence store contract on Redis, plus what only Redis has: restarts, key layout, the room index. */
class RedisPresenceStoreTest extends PresenceStoreContract {
  @RegisterExtension
  static final RedisServerExtension REDIS = new RedisServerExtension();

  private final Map<Object, RedisConnections> connections = new IdentityHashMap<>();

  @Override
  protected Broker newBroker(Vertx vertx) {
    RedisConnections redis = connect(vertx);
    RedisBroker built = new RedisBroker(vertx, redis, Duration.ofMillis(20), Duration.ofMillis(500));
    connections.put(built, redis);
    return built;
  }

  @Override
  protected PresenceStore newStore(Vertx vertx, Broker broker) {
    RedisConnections redis = connect(vertx);
    RedisPresenceStore built = new RedisPresenceStore(redis);
    connections.put(built, redis);
    return built;
  }

  @Override
  protected Future<Void> dispose(PresenceStore store) {
    RedisConnections redis = connections.remove(store);
    return redis == null ? Future.succeededFuture() : redis.close();
  }

  @Override
  protected Future<Void> dispose(Broker broker) {
    RedisConnections redis = connections.remove(broker);
    Future<Void> closing = ((RedisBroker) broker).close();
    return redis == null ? closing : closing.eventually(redis::close);
  }

  @AfterEach
  void serverIsLeftRunning() {
    if (!REDIS.isRunning()) {
      REDIS.restart(false);
    }
  }

  @Test
  void aRoomsKeysShareItsHashTag() {
    await(store.join(room, member("c1", "ada", 1), LONG_TTL, 10));
    RedisConnections redis = connections.get(store);
    for (String key : RedisKeys.presenceKeys(room)) {
      assertThat(key).endsWith("{" + room + "}");
      assertThat(await(redis.send(Request.cmd(Command.EXISTS).arg(key))).toInteger()).as(key).isEqualTo(1);
    }
    await(store.remove(room, "c1"));
    for (String key : RedisKeys.presenceKeys(room)) {
      assertThat(await(redis.send(Request.cmd(Command.EXISTS).arg(key))).toInteger()).as("%s after the last leave", key).isZero();
    }
  }

  @Test
  void afterARestartWithoutPersistenceMembersAreReportedMissingAndCanJoinAgain() {
    BlockingQueue<PresenceChange> changes = subscribe(room);
    RoomSnapshot before = joined(store.join(room, member("c1", "ada", 1), LONG_TTL, 10));
    next(changes);

    REDIS.kill();
    assertUnavailable(store.touch(room, Map.of("c1", LONG_TTL)));
    assertUnavailable(store.members(room));
    REDIS.restart(false);

    // Scripts are gone from the new server too: EVALSHA falls back to EVAL.
    awaitCondition(() -> succeeds(store.touch(room, Map.of("c1", LONG_TTL))), "the store answers again");
    assertThat(await(store.touch(room, Map.of("c1", LONG_TTL))).missing()).containsExactly("c1");
    RoomSnapshot after = joined(store.join(room, member("c1", "ada", 1), LONG_TTL, 10));
    assertThat(after.epoch()).as("a room rebuilt after the loss has a new epoch").isGreaterThan(before.epoch());
    // The broker resubscribes on its own; a later change reaches the subscriber again.
    awaitCondition(() -> {
      await(store.update(room, List.of(member("c1", "ada", 2)), LONG_TTL));
      return changes.poll() != null;
    }, "changes are published to the resubscribed broker");
  }

  @Test
  void theRoomIndexOnlyGrows() {
    await(store.join(room, member("c1", "ada", 1), LONG_TTL, 10));
    RedisConnections redis = connections.get(store);
    double first = await(redis.send(Request.cmd(Command.ZSCORE).arg(RedisKeys.presenceRooms()).arg(room))).toDouble();
    await(store.join(room, member("c2", "bob", 1), 1_000, 10));
    double second = await(redis.send(Request.cmd(Command.ZSCORE).arg(RedisKeys.presenceRooms()).arg(room))).toDouble();
    assertThat(second).as("a shorter expiry does not lower the index").isEqualTo(first);
  }

  private static boolean succeeds(Future<?> future) {
    try {
      await(future);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static void assertUnavailable(Future<?> future) {
    assertThatThrownBy(() -> await(future))
        .isInstanceOf(LockstepException.class)
        .satisfies(e -> assertThat(((LockstepException) e).code()).isEqualTo(ErrorCode.UNAVAILABLE));
  }

  private static RedisConnections connect(Vertx vertx) {
    return new RedisConnections(vertx, new RedisOptions().setConnectionString(REDIS.uri()), Duration.ofSeconds(2));
  }
}
