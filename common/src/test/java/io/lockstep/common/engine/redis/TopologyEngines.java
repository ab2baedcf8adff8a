package io.lockstep.common.engine.redis;

import io.lockstep.common.config.RedisConfig;
import io.lockstep.common.engine.broker.RedisBroker;
import io.lockstep.common.engine.feed.RedisFeedLog;
import io.lockstep.common.engine.ops.RedisOpStore;
import io.lockstep.common.engine.ops.Retention;
import io.lockstep.common.engine.presence.RedisPresenceStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.lockstep.common.testing.RedisTopology;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Builds the Redis engines the way the services do ({@link RedisConnections#create} from a
 * {@link RedisConfig}) on a Sentinel set-up or a Redis Cluster, remembering each engine's
 * connections so a contract test can close them. The topologies start once per test JVM, on first
 * use, and are shared by every test that asks for the same mode.
 */
final class TopologyEngines {
  private static final Map<String, RedisTopology> TOPOLOGIES = new HashMap<>();

  private final Map<Object, RedisConnections> connections = new IdentityHashMap<>();
  private final RedisConfig config;

  /** @param mode {@code sentinel} or {@code cluster} */
  TopologyEngines(String mode) {
    this.config = topology(mode).config();
  }

  private static synchronized RedisTopology topology(String mode) {
    return TOPOLOGIES.computeIfAbsent(mode, m -> {
      RedisTopology started = m.equals("sentinel") ? RedisTopology.sentinel() : RedisTopology.cluster(3);
      Runtime.getRuntime().addShutdownHook(new Thread(started::close, "redis-" + m + "-stopper"));
      return started;
    });
  }

  RedisOpStore store(Vertx vertx, Retention retention) {
    RedisConnections redis = RedisConnections.create(vertx, config);
    RedisOpStore store = new RedisOpStore(redis, retention);
    connections.put(store, redis);
    return store;
  }

  RedisBroker broker(Vertx vertx) {
    RedisConnections redis = RedisConnections.create(vertx, config);
    RedisBroker broker = new RedisBroker(vertx, redis);
    connections.put(broker, redis);
    return broker;
  }

  RedisPresenceStore presenceStore(Vertx vertx) {
    RedisConnections redis = RedisConnections.create(vertx, config);
    RedisPresenceStore store = new RedisPresenceStore(redis);
    connections.put(store, redis);
    return store;
  }

  RedisFeedLog feedLog(Vertx vertx, int retainEvents, long retainMs, long dedupeMs, LongSupplier clock) {
    RedisConnections redis = RedisConnections.create(vertx, config);
    RedisFeedLog log = new RedisFeedLog(redis, retainEvents, retainMs, dedupeMs, clock);
    connections.put(log, redis);
    return log;
  }

  Future<Void> dispose(Object engine) {
    RedisConnections redis = connections.remove(engine);
    Future<Void> closed = engine instanceof RedisBroker broker ? broker.close() : Future.succeededFuture();
    return redis == null ? closed : closed.eventually(redis::close);
  }
}
