package io.lockstep.common.engine.redis;

import io.lockstep.common.engine.broker.Broker;
import io.lockstep.common.engine.ops.OpStore;
import io.lockstep.common.engine.ops.OpStoreContract;
import io.lockstep.common.engine.ops.Retention;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/** The op store contract through a Sentinel and on a three-master Redis Cluster ({@code --redis-mode}). */
@ParameterizedClass
@ValueSource(strings = {"sentinel", "cluster"})
class RedisModesOpStoreTest extends OpStoreContract {
  @Parameter
  String mode;

  private TopologyEngines engines;

  @Override
  protected Broker newBroker(Vertx vertx) {
    if (engines == null) {
      engines = new TopologyEngines(mode);
    }
    return engines.broker(vertx);
  }

  @Override
  protected OpStore newStore(Vertx vertx, Broker broker, Retention retention) {
    return engines.store(vertx, retention);
  }

  @Override
  protected Future<Void> dispose(OpStore store) {
    return engines.dispose(store);
  }

  @Override
  protected Future<Void> dispose(Broker broker) {
    return engines.dispose(broker);
  }
}
