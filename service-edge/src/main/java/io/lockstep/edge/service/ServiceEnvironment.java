package io.lockstep.edge.service;

import io.lockstep.common.auth.TokenVerifier;
import io.lockstep.common.config.LockstepConfig;
import io.lockstep.common.engine.Engines;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.ext.healthchecks.HealthChecks;

/**
 * What a service's verticle is built with: the parsed configuration, the process's engines (made once
 * and shared by every service), token verification, the meter registry served at {@code /metrics},
 * the health checks served at {@code /health}, and the cap on open client connections that every
 * service of the process shares.
 */
public record ServiceEnvironment(LockstepConfig config, Engines engines, TokenVerifier tokens, MeterRegistry meters,
    HealthChecks health, ConnectionCap connectionCap) {

  /** An environment with a connection cap of its own, from {@code config}: build one per process and share it. */
  public ServiceEnvironment(LockstepConfig config, Engines engines, TokenVerifier tokens, MeterRegistry meters,
      HealthChecks health) {
    this(config, engines, tokens, meters, health, new ConnectionCap(config.connections()));
  }
}
