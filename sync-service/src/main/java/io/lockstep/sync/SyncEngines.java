package io.lockstep.sync;

import io.lockstep.common.config.LockstepConfig;
import io.lockstep.common.config.RedisConfig;
import io.lockstep.common.engine.broker.Broker;
import io.lockstep.common.engine.broker.MemoryBroker;
import io.lockstep.common.engine.broker.RedisBroker;
import io.lockstep.common.engine.ops.MemoryOpStore;
import io.lockstep.common.engine.ops.OpStore;
import io.lockstep.common.engine.ops.RedisOpStore;
import io.lockstep.common.engine.redis.RedisConnections;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.healthchecks.HealthChecks;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The op store and broker of the sync-service on this node, chosen by the configuration: the
 * embedded memory engines when no Redis is configured (one process), the Redis ones otherwise
 * (shared by every replica). Owns what it built and releases it in {@link #close}.
 *
 * <p>With Redis, both engines complete their futures on the calling context, but callers keep
 * re-hopping to their own context ({@code ContextHop.resumeOn}) as with any engine; while Redis is
 * unreachable their futures fail with {@code LockstepException(unavailable)}, and the broker
 * reconnects and resubscribes on its own (messages in between are lost; fill gaps from the store).
 */
final class SyncEngines {
  /** The health check registered for Redis, when Redis is used. */
  static final String REDIS_HEALTH_CHECK = "sync.redis";

  private final OpStore store;
  private final Broker broker;
  private final RedisConnections redis;
  private final String description;
  private HealthChecks health;

  private SyncEngines(OpStore store, Broker broker, RedisConnections redis, String description) {
    this.store = store;
    this.broker = broker;
    this.redis = redis;
    this.description = description;
  }

  /** The engines {@code config} asks for: Redis when {@code config.redis()} is enabled, memory otherwise. */
  static SyncEngines create(Vertx vertx, LockstepConfig config) {
    int retainOps = config.limits().retainOps();
    return config.redis().enabled() ? redis(vertx, config.redis(), retainOps) : memory(vertx, retainOps);
  }

  /** The embedded engines: a memory broker and a memory op store publishing on it. */
  /** Engines the caller made and owns (tests running several nodes over one shared store). */
  static SyncEngines given(OpStore store, Broker broker) {
    return new SyncEngines(store, broker, null, "engines given by the caller");
  }

  static SyncEngines memory(Vertx vertx, int retainOps) {
    MemoryBroker broker = new MemoryBroker(vertx);
    return new SyncEngines(new MemoryOpStore(vertx, broker, retainOps), broker, null,
        "memory op store and broker (embedded; one process only)");
  }

  /**
   * The shared engines on the Redis of {@code config}; nothing connects until first used. The op
   * store publishes its commits through Redis, where the broker receives them.
   */
  static SyncEngines redis(Vertx vertx, RedisConfig config, int retainOps) {
    RedisConnections redis = RedisConnections.create(vertx, config);
    String where = config.endpoints().stream().map(SyncEngines::withoutCredentials).collect(Collectors.joining(", "));
    return new SyncEngines(new RedisOpStore(redis, retainOps), new RedisBroker(vertx, redis), redis,
        "Redis op store and broker (" + config.mode() + ": " + where + ")");
  }

  OpStore store() {
    return store;
  }

  Broker broker() {
    return broker;
  }

  /** Whether the engines are shared with other replicas (Redis). */
  boolean shared() {
    return redis != null;
  }

  /** What is used, for the start-up log; endpoint credentials are left out. */
  String description() {
    return description;
  }

  /**
   * Registers a health check that {@code PING}s Redis (KO while it does not answer), when Redis is
   * used; nothing for the memory engines. {@link #close} removes it.
   */
  void registerHealthChecks(HealthChecks checks) {
    if (redis == null) {
      return;
    }
    health = Objects.requireNonNull(checks, "checks");
    health.register(REDIS_HEALTH_CHECK, redis.healthCheck());
  }

  /** Closes the broker's pub/sub connection, then the Redis connections; nothing to do for memory. */
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

  private static String withoutCredentials(String endpoint) {
    return endpoint.replaceFirst("//[^@/]*@", "//");
  }
}
