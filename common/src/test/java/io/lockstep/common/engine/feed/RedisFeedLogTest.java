package io.lockstep.common.engine.feed;

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
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The feed log contract on Redis, plus what only Redis has: restarts, persistence, key layout. */
class RedisFeedLogTest extends FeedLogContract {
  @RegisterExtension
  static final RedisServerExtension REDIS = new RedisServerExtension();

  private final Map<Object, RedisConnections> connections = new IdentityHashMap<>();

  @Override
  protected Broker newBroker(Vertx vertx) {
    RedisConnections redis = connect(vertx);
    RedisBroker broker = new RedisBroker(vertx, redis);
    connections.put(broker, redis);
    return broker;
  }

  @Override
  protected FeedLog newLog(Vertx vertx, Broker broker, int retainEvents, long retainMs, long dedupeMs) {
    RedisConnections redis = connect(vertx);
    RedisFeedLog log = new RedisFeedLog(redis, retainEvents, retainMs, dedupeMs, clock::get);
    connections.put(log, redis);
    return log;
  }

  @Override
  protected Future<Void> dispose(FeedLog log) {
    return connections.remove(log).close();
  }

  @Override
  protected Future<Void> dispose(Broker broker) {
    RedisConnections redis = connections.remove(broker);
    return ((RedisBroker) broker).close().eventually(redis::close);
  }

  @AfterEach
  void serverIsLeftRunningWithoutPersistence() {
    if (!REDIS.isRunning()) {
      REDIS.restart(false);
    }
  }

  @Test
  void everyKeyOfAChannelIsOneRedisKeysNamesWithTheChannelAsHashTag(Vertx vertx) {
    FeedLog log = log(100, 60_000);
    appendMany(log, 2);
    await(log.append(channel(), "op", "{}", "k"));
    RedisConnections redis = connect(vertx);
    try {
      Response found = await(redis.send(Request.cmd(Command.KEYS).arg("*" + RedisKeys.tag(channel()) + "*")));
      assertThat(found.stream().map(Response::toString).collect(Collectors.toSet()))
          .containsExactlyInAnyOrderElementsOf(RedisKeys.feedAppendKeys(channel()));
      Response type = await(redis.send(Request.cmd(Command.TYPE).arg(RedisKeys.feedStream(channel()))));
      assertThat(type.toString()).isEqualTo("stream");
    } finally {
      await(redis.close());
    }
  }

  @Test
  void appendAndReadFailAsUnavailableWhileRedisIsDownThenWorkAgain() {
    FeedLog log = log(100, 60_000);
    appendMany(log, 1);
    REDIS.kill();

    assertThatThrownBy(() -> await(log.append(channel(), "message", "{}", null)))
        .hasCauseInstanceOf(LockstepException.class)
        .satisfies(e -> assertThat(((LockstepException) e.getCause()).code()).isEqualTo(ErrorCode.UNAVAILABLE));
    assertThatThrownBy(() -> await(log.read(channel(), FeedId.NONE, 1))).hasCauseInstanceOf(LockstepException.class);

    REDIS.restart(false);
    // Without persistence the channel starts over at 1; a reader holding an old id sees it as unknown.
    FeedEvent fresh = appended(await(log.append(channel(), "message", "{}", null)));
    assertThat(fresh.id().seq()).isEqualTo(1);
    assertThat(await(log.read(channel(), new FeedId(fresh.id().ms(), 7), 10)).unknown(new FeedId(fresh.id().ms(), 7))).isTrue();
  }

  @Test
  void eventsAndNumberingSurviveACrashWithAppendOnly() {
    REDIS.restart(true);
    FeedLog log = log(100, 60_000);
    List<FeedEvent> before = appendMany(log, 3);
    REDIS.kill();
    REDIS.restart(true);

    assertThat(await(log.read(channel(), FeedId.NONE, 10)).events()).containsExactlyElementsOf(before);
    FeedEvent next = appended(await(log.append(channel(), "message", "{}", null)));
    assertThat(next.id().seq()).isEqualTo(4);
  }

  private static RedisConnections connect(Vertx vertx) {
    return new RedisConnections(vertx, new RedisOptions().setConnectionString(REDIS.uri()).setMaxPoolSize(8).setMaxPoolWaiting(1024),
        Duration.ofSeconds(5));
  }
}
