package io.lockstep.common.engine.redis;

import io.lockstep.common.engine.broker.Broker;
import io.lockstep.common.engine.broker.BrokerContract;
import io.lockstep.common.testing.RedisTopology;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The broker contract, connected through a Sentinel (<code>--redis-mode sentinel</code>). */
class SentinelModeBrokerTest extends BrokerContract {
  private static RedisTopology topology;
  private final TopologyEngines engines = new TopologyEngines();

  @BeforeAll
  static void startTopology() {
    topology = RedisTopology.sentinel();
  }

  @AfterAll
  static void stopTopology() {
    topology.close();
  }

  @Override
  protected Broker newBroker(Vertx vertx) {
    return engines.broker(vertx, topology.config());
  }

  @Override
  protected Future<Void> dispose(Broker broker) {
    return engines.dispose(broker);
  }
}
