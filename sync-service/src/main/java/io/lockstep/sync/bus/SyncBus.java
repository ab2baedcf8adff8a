package io.lockstep.sync.bus;

import io.lockstep.common.bus.Codecs;
import io.lockstep.common.config.Limits;
import io.lockstep.sync.cluster.ClusterRouting;
import io.lockstep.sync.sequencer.RoutedSequencer;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything the sync-service puts on the event bus, started and stopped together: the codecs, the
 * cluster routing (one sequencer per document in the cluster, when Vert.x is clustered) and the
 * public request/reply API ({@link SyncBusApi}). Committed ops are published by the store wrapper
 * {@link CommittedPublisher}.
 */
public final class SyncBus {
  private final ClusterRouting routing;
  private final List<MessageConsumer<Object>> consumers;

  private SyncBus(ClusterRouting routing, List<MessageConsumer<Object>> consumers) {
    this.routing = routing;
    this.consumers = consumers;
  }

  /** Starts routing, then the public consumers; completes once they are all reachable. */
  public static Future<SyncBus> start(Vertx vertx, RoutedSequencer sequencer, Limits limits, MeterRegistry meters) {
    Codecs.registerAll(vertx);
    return ClusterRouting.start(vertx, sequencer, meters)
        .compose(routing -> new SyncBusApi(sequencer, limits).register(vertx)
            .map(consumers -> new SyncBus(routing, consumers)));
  }

  /** The cluster routing (its ownership is null when not clustered). */
  public ClusterRouting routing() {
    return routing;
  }

  /** Unregisters the public consumers, then stops the cluster routing. */
  public Future<Void> close() {
    List<Future<Void>> unregistered = new ArrayList<>();
    for (MessageConsumer<Object> consumer : consumers) {
      unregistered.add(consumer.unregister());
    }
    return Future.join(unregistered).eventually(routing::close).mapEmpty();
  }
}
