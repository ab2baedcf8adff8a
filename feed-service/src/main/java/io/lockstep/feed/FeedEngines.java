package io.lockstep.feed;

import io.lockstep.common.config.LockstepConfig;
import io.lockstep.common.engine.broker.Broker;
import io.lockstep.common.engine.broker.MemoryBroker;
import io.lockstep.common.engine.broker.RedisBroker;
import io.lockstep.common.engine.feed.FeedLog;
import io.lockstep.common.engine.feed.MemoryFeedLog;
import io.lockstep.common.engine.feed.RedisFeedLog;
import io.lockstep.common.engine.redis.RedisConnections;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.healthchecks.HealthChecks;

/**
 * The feed log and broker of this node: memory when no Redis is configured, Redis Streams and Redis
 * pub/sub otherwise (shared by every replica). Owns its Redis connections and releases them in
 * {@link #close}.
 */
final class FeedEngines {
  static final String REDIS_HEALTH_CHECK = "feed.redis";
  /**
   * How long a built-in event's key is remembered. It only has to outlast the spread between the
   * nodes of a cluster receiving the same event-bus publish, which is milliseconds.
   */
  static final long DEDUPE_MS = 10_000;

  private final FeedLog log;
  private final Broker broker;
  private final RedisConnections redis;
  private final String description;
  private HealthChecks health;

  private FeedEngines(FeedLog log, Broker broker, RedisConnections redis, String description) {
    this.log = log;
    this.broker = broker;
    this.redis = redis;
    this.description = description;
  }

  static FeedEngines create(Vertx vertx, LockstepConfig config) {
    var feeds = config.feeds();
    if (!config.redis().enabled()) {
      MemoryBroker broker = new MemoryBroker(vertx);
      return new FeedEngines(new MemoryFeedLog(broker, feeds.retainEvents(), feeds.retainMs(), DEDUPE_MS,
          System::currentTimeMillis), broker, null, "memory feed log (embedded; one process only)");
    }
    RedisConnections redis = RedisConnections.create(vertx, config.redis());
    return new FeedEngines(new RedisFeedLog(redis, feeds.retainEvents(), feeds.retainMs(), DEDUPE_MS,
        System::currentTimeMillis), new RedisBroker(vertx, redis), redis, "Redis Streams feed log and pub/sub");
  }

  /** Engines the caller made and owns (tests running several nodes over one shared log). */
  static FeedEngines given(FeedLog log, Broker broker) {
    return new FeedEngines(log, broker, null, "feed engines given by the caller");
  }

  FeedLog log() {
    return log;
  }

  Broker broker() {
    return broker;
  }

  String description() {
    return description;
  }

  /** A health check that {@code PING}s Redis, when Redis is used. */
  void registerHealthChecks(HealthChecks checks) {
    if (redis == null) {
      return;
    }
    health = checks;
    health.register(REDIS_HEALTH_CHECK, redis.healthCheck());
  }

  Future<Void> close() {
    if (health != null) {
      health.unregister(REDIS_HEALTH_CHECK);
    }
    if (redis == null) {
      return Future.succeededFuture();
    }
    return ((RedisBroker) broker).close().eventually(redis::close);
  }
}
