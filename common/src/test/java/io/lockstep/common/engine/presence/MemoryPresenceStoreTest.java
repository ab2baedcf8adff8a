package io.lockstep.common.engine.presence;

import io.lockstep.common.engine.broker.Broker;
import io.lockstep.common.engine.broker.MemoryBroker;
import io.vertx.core.Vertx;

class MemoryPresenceStoreTest extends PresenceStoreContract {
  /** One store per broker: "another node" of the memory engines is the same store, as in one process. */
  private MemoryPresenceStore shared;

  @Override
  protected Broker newBroker(Vertx vertx) {
    shared = null;
    return new MemoryBroker(vertx);
  }

  @Override
  protected PresenceStore newStore(Vertx vertx, Broker broker) {
    if (shared == null) {
      shared = new MemoryPresenceStore(broker);
    }
    return shared;
  }
}
