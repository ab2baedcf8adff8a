package io.lockstep.common.engine.redis;

import io.lockstep.common.config.RedisConfig;
import io.lockstep.common.engine.broker.RedisBroker;
import io.lockstep.common.engine.ops.RedisOpStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Builds the Redis engines the way the services do ({@link RedisConnections#create} from a
 * {@link RedisConfig}), remembering each engine's connections so a contract test can close them.
 */
final class TopologyEngines {
  private final Map<Object, RedisConnections> connections = new IdentityHashMap<>();

  RedisOpStore store(Vertx vertx, RedisConfig config, int retainOps) {
    RedisConnections redis = RedisConnections.create(vertx, config);
    RedisOpStore store = new RedisOpStore(redis, retainOps);
    connections.put(store, redis);
    return store;
  }

  RedisBroker broker(Vertx vertx, RedisConfig config) {
    RedisConnections redis = RedisConnections.create(vertx, config);
    RedisBroker broker = new RedisBroker(vertx, redis);
    connections.put(broker, redis);
    return broker;
  }

  Future<Void> dispose(Object engine) {
    RedisConnections redis = connections.remove(engine);
    Future<Void> closed = engine instanceof RedisBroker broker ? broker.close() : Future.succeededFuture();
    return redis == null ? closed : closed.eventually(redis::close);
  }
}
