package io.lockstep.common.service;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;

/**
 * One deployable Lockstep service (sync, presence, feed), as the launcher sees it. Services are
 * found with {@link java.util.ServiceLoader}, so a process runs every service on its class path
 * unless told otherwise, and services never depend on each other.
 *
 * <p>Lifecycle: {@link #start} once per process, then {@link #mount} once per HTTP event-loop
 * instance, then {@link #stop} once on shutdown.
 */
public interface LockstepService {

  /** The service's name in {@code --services}: {@code sync}, {@code presence} or {@code feed}. */
  String name();

  /** Starts the node-wide part: engines, event-bus consumers, timers. */
  Future<Void> start(ServiceEnvironment env);

  /**
   * Adds the service's routes (for example {@code /sync} and {@code /docs/*}) to {@code router}.
   * Called on the context of the HTTP verticle instance that owns the router; state created here
   * belongs to that event loop.
   */
  void mount(Router router);

  /**
   * Graceful stop: refuse new work, finish what is in flight (commits), then close client
   * connections with a going-away code.
   */
  Future<Void> stop();
}
