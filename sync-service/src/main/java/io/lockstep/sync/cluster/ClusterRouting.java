package io.lockstep.sync.cluster;

import io.lockstep.common.util.VertxInternals;
import io.lockstep.sync.sequencer.RoutedSequencer;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.spi.cluster.ClusterManager;

/**
 * One sequencer per document in the cluster, wired up: this node's {@link OwnerEndpoint}, the
 * {@link Ownership} ring over the cluster's sync-service nodes, and the {@link Forwarder} through
 * which {@link RoutedSequencer} routes every call. On a Vert.x that is not clustered there is nothing
 * to route and every document is sequenced locally.
 */
public final class ClusterRouting {
  private final Ownership ownership;
  private final MessageConsumer<Object> endpoint;

  private ClusterRouting(Ownership ownership, MessageConsumer<Object> endpoint) {
    this.ownership = ownership;
    this.endpoint = endpoint;
  }

  /**
   * Starts routing {@code sequencer}'s calls to their documents' owners when {@code vertx} is
   * clustered; completes once this node's owner endpoint is reachable from the whole cluster.
   */
  public static Future<ClusterRouting> start(Vertx vertx, RoutedSequencer sequencer, MeterRegistry meters) {
    if (!vertx.isClustered()) {
      return Future.succeededFuture(new ClusterRouting(null, null));
    }
    ClusterCodecs.registerAll(vertx);
    // The members and this node's id are all we read from the cluster manager.
    ClusterManager cluster = VertxInternals.clusterManager(vertx);
    String self = cluster.getNodeId();
    ClusterMetrics metrics = new ClusterMetrics(meters);
    return OwnerEndpoint.register(vertx, self, sequencer.local()).map(endpoint -> {
      Ownership ownership = Ownership.start(vertx, self, cluster::getNodes,
          member -> OwnerEndpoint.probe(vertx, member), metrics);
      ownership.onChange(sequencer.local()::dropIdle);
      sequencer.routeWith(new Forwarder(vertx, ownership, sequencer.local(), metrics));
      return new ClusterRouting(ownership, endpoint);
    });
  }

  /** The ownership ring, or null when not clustered. */
  public Ownership ownership() {
    return ownership;
  }

  /**
   * Stops taking forwarded calls (the other nodes then route this node's documents elsewhere) and
   * stops following the cluster. Calls made on this node keep being routed.
   */
  public Future<Void> close() {
    if (ownership == null) {
      return Future.succeededFuture();
    }
    ownership.close();
    return endpoint.unregister();
  }
}
