package io.lockstep.common.util;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.cluster.ClusterManager;

/**
 * The two things Lockstep needs that Vert.x exposes only on its internal interface. Internals may
 * change in any release, so common reaches them here and nowhere else (an ArchUnit rule keeps it
 * so): an upgrade that moves them breaks this class, loudly, and nothing else.
 */
public final class VertxInternals {
  private VertxInternals() {}

  /**
   * A new event-loop context, for a long-lived component (a Redis connection) that must outlive
   * whichever verticle happened to create it; the public API gives contexts to verticles only.
   */
  public static Context ownEventLoopContext(Vertx vertx) {
    return ((VertxInternal) vertx).createEventLoopContext();
  }

  /** The cluster manager of a clustered Vert.x (its members and this node's id), or null. */
  public static ClusterManager clusterManager(Vertx vertx) {
    return ((VertxInternal) vertx).clusterManager();
  }
}
