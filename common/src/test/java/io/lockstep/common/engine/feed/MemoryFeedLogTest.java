package io.lockstep.common.engine.feed;

import io.lockstep.common.engine.broker.Broker;
import io.lockstep.common.engine.broker.MemoryBroker;
import io.vertx.core.Vertx;
import java.util.IdentityHashMap;
import java.util.Map;

class MemoryFeedLogTest extends FeedLogContract {
  /**
   * Each test builds one broker and logs with the same settings; the logs of one broker are one
   * instance, which is how two nodes share storage in one process (as two Redis logs share Redis).
   */
  private final Map<Broker, FeedLog> shared = new IdentityHashMap<>();

  @Override
  protected Broker newBroker(Vertx vertx) {
    return new MemoryBroker(vertx);
  }

  @Override
  protected FeedLog newLog(Vertx vertx, Broker broker, int retainEvents, long retainMs, long dedupeMs) {
    return shared.computeIfAbsent(broker, b -> new MemoryFeedLog(b, retainEvents, retainMs, dedupeMs, clock::get));
  }
}
