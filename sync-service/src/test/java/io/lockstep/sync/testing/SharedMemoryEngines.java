package io.lockstep.sync.testing;

import io.lockstep.common.config.Limits;
import io.lockstep.common.engine.broker.Broker;
import io.lockstep.common.engine.broker.MemoryBroker;
import io.lockstep.common.engine.broker.Subscription;
import io.lockstep.common.engine.ops.MemoryOpStore;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Engines shared by several Lockstep nodes in one JVM the way replicas share Redis: one op store
 * that every node commits to, and a broker where a publish reaches the subscribers of every node.
 *
 * <p>Each node gets its own {@link MemoryBroker} (which delivers on that node's contexts); a
 * publish — the store's, after each commit — is handed to every live node's broker, as Redis
 * pub/sub reaches every replica. The store is one {@link MemoryOpStore}, which is thread-safe and
 * needs no I/O, standing in for the shared Redis store until the cluster tests can run on Redis.
 */
public final class SharedMemoryEngines {
  private final Map<Vertx, MemoryBroker> brokers = new ConcurrentHashMap<>();
  private final MemoryOpStore store;

  /** @param anyVertx the memory store takes one only to be built like the other stores; it never uses it */
  public SharedMemoryEngines(Vertx anyVertx, Limits limits) {
    this.store = new MemoryOpStore(anyVertx, new Fanout(), limits.retainOps());
  }

  /** The one store every node commits to. */
  public MemoryOpStore store() {
    return store;
  }

  /** {@code vertx}'s view of the broker: subscribes on its own node, publishes to every node. */
  public Broker brokerFor(Vertx vertx) {
    MemoryBroker local = brokers.computeIfAbsent(vertx, MemoryBroker::new);
    return new Broker() {
      @Override
      public Future<Void> publish(String topic, Buffer payload) {
        return publishEverywhere(topic, payload);
      }

      @Override
      public Future<Subscription> subscribe(String topic, Handler<Buffer> handler) {
        return local.subscribe(topic, handler);
      }
    };
  }

  /** Stops delivering to {@code vertx}'s node (before it closes). */
  public void forget(Vertx vertx) {
    brokers.remove(vertx);
  }

  private Future<Void> publishEverywhere(String topic, Buffer payload) {
    for (MemoryBroker broker : brokers.values()) {
      broker.publish(topic, payload);
    }
    return Future.succeededFuture();
  }

  private final class Fanout implements Broker {
    @Override
    public Future<Void> publish(String topic, Buffer payload) {
      return publishEverywhere(topic, payload);
    }

    @Override
    public Future<Subscription> subscribe(String topic, Handler<Buffer> handler) {
      throw new UnsupportedOperationException("subscribe through brokerFor(vertx)");
    }
  }
}
