package io.lockstep.presence;

import io.lockstep.common.config.LockstepConfig;
import io.lockstep.common.engine.broker.Broker;
import io.lockstep.common.engine.broker.MemoryBroker;
import io.lockstep.common.engine.broker.RedisBroker;
import io.lockstep.common.engine.presence.MemoryPresenceStore;
import io.lockstep.common.engine.presence.PresenceStore;
import io.lockstep.common.engine.presence.RedisPresenceStore;
import io.lockstep.common.engine.redis.RedisConnections;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.healthchecks.HealthChecks;

/**
 * The presence store and broker on this node: the embedded memory engines without Redis (one
 * process), the Redis ones otherwise (shared by every replica; the store publishes its changes through
 * Redis, where the broker receives them). Owns what it built and releases it in {@link #close}.
 */
final class PresenceEngines {
  static final String REDIS_HEALTH_CHECK = "presence.redis";

  private final PresenceStore store;
  private final Broker broker;
  private final RedisConnections redis;
  private final String description;
  private HealthChecks health;

  private PresenceEngines(PresenceStore store, Broker broker, RedisConnections redis, String description) {
    this.store = store;
    this.broker = broker;
    this.redis = redis;
    this.description = description;
  }

  static PresenceEngines create(Vertx vertx, LockstepConfig config) {
    if (!config.redis().enabled()) {
      MemoryBroker broker = new MemoryBroker(vertx);
      return new PresenceEngines(new MemoryPresenceStore(broker), broker, null,
          "memory presence store and broker (embedded; one process only)");
    }
    RedisConnections redis = RedisConnections.create(vertx, config.redis());
    return new PresenceEngines(new RedisPresenceStore(redis), new RedisBroker(vertx, redis), redis,
        "Redis presence store and broker (" + config.redis().mode() + ")");
  }

  /** Engines the caller made and owns (tests running several nodes in one JVM). */
  static PresenceEngines given(PresenceStore store, Broker broker) {
    return new PresenceEngines(store, broker, null, "engines given by the caller");
  }

  PresenceStore store() {
    return store;
  }

  Broker broker() {
    return broker;
  }

  String description() {
    return description;
  }

  /** A health check that {@code PING}s Redis (KO while it does not answer), when Redis is used. */
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
      health = null;
    }
    if (redis == null) {
      return Future.succeededFuture();
    }
    return ((RedisBroker) broker).close().eventually(redis::close);
  }
}
