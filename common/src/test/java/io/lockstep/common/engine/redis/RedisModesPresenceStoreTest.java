package io.lockstep.common.engine.redis;

import io.lockstep.common.engine.broker.Broker;
import io.lockstep.common.engine.presence.PresenceStore;
import io.lockstep.common.engine.presence.PresenceStoreContract;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/** The presence store contract through a Sentinel and on a three-master Redis Cluster ({@code --redis-mode}). */
@ParameterizedClass
@ValueSource(strings = {"sentinel", "cluster"})
class RedisModesPresenceStoreTest extends PresenceStoreContract {
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
  protected PresenceStore newStore(Vertx vertx, Broker broker) {
    return engines.presenceStore(vertx);
  }

  @Override
  protected Future<Void> dispose(PresenceStore store) {
    return engines.dispose(store);
  }

  @Override
  protected Future<Void> dispose(Broker broker) {
    return engines.dispose(broker);
  }
}
