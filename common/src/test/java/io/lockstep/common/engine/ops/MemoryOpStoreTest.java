package io.lockstep.common.engine.ops;

import io.lockstep.common.engine.broker.Broker;
import io.lockstep.common.engine.broker.MemoryBroker;
import io.vertx.core.Vertx;

class MemoryOpStoreTest extends OpStoreContract {

  @Override
  protected Broker newBroker(Vertx vertx) {
    return new MemoryBroker(vertx);
  }

  @Override
  protected OpStore newStore(Vertx vertx, Broker broker, Retention retention) {
    return new MemoryOpStore(vertx, broker, retention);
  }
}
