package io.lockstep.edge.service;

import io.vertx.core.VerticleBase;
import io.vertx.ext.web.Router;

/**
 * A Lockstep service as a Vert.x verticle, deployed once per process (one instance): its
 * {@code start()} brings up the node-wide part (event-bus consumers, timers, and the service's own
 * per-core verticles such as the sequencer shards); its {@code stop()}, run on undeploy, stops
 * gracefully: it refuses new work, finishes what is in flight and closes client connections with a
 * going-away code. The engines it was given are not closed: whoever made them closes them after
 * every service using them stopped.
 *
 * <p>The service serves HTTP and WebSockets through whatever HTTP server the process runs: each
 * event loop that serves requests calls {@link #mount} once on its own router, after the deployment
 * completed; state the service needs per loop (fan-out, rooms) is created there and belongs to that
 * loop. Lockstep's launcher does this in its HTTP front, one instance per event loop; an application
 * embedding a service does it in its own HTTP verticle (docs/architecture.md, "Embedding a service").
 */
public abstract class ServiceVerticle extends VerticleBase {

  /**
   * Adds the service's routes (for example {@code /sync} and {@code /docs/*}) to {@code router}. Call
   * on the context of the event loop that serves {@code router}, after this verticle started.
   */
  public abstract void mount(Router router);
}
