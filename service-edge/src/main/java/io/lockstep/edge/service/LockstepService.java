package io.lockstep.edge.service;

/**
 * One Lockstep service (sync, presence, feed) as the launcher finds it: services are discovered with
 * {@link java.util.ServiceLoader}, so a process runs every service on its class path unless told
 * otherwise, and services never depend on each other. What runs is the service's
 * {@link ServiceVerticle}, which an application can also deploy itself to embed the service.
 */
public interface LockstepService {

  /** The service's name in {@code --services}: {@code sync}, {@code presence} or {@code feed}. */
  String name();

  /** A new, not yet deployed verticle of the service over {@code env}. */
  ServiceVerticle verticle(ServiceEnvironment env);
}
