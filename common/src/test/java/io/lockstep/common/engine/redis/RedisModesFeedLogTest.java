package io.lockstep.common.engine.redis;

import io.lockstep.common.engine.broker.Broker;
import io.lockstep.common.engine.feed.FeedLog;
import io.lockstep.common.engine.feed.FeedLogContract;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/** The feed log contract through a Sentinel and on a three-master Redis Cluster ({@code --redis-mode}). */
@ParameterizedClass
@ValueSource(strings = {"sentinel", "cluster"})
class RedisModesFeedLogTest extends FeedLogContract {
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
  protected FeedLog newLog(Vertx vertx, Broker broker, int retainEvents, long retainMs, long dedupeMs) {
    return engines.feedLog(vertx, retainEvents, retainMs, dedupeMs, clock::get);
  }

  @Override
  protected Future<Void> dispose(FeedLog log) {
    return engines.dispose(log);
  }

  @Override
  protected Future<Void> dispose(Broker broker) {
    return engines.dispose(broker);
  }
}
