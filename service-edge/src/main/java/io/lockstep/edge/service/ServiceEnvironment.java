package io.lockstep.edge.service;

import io.lockstep.common.auth.TokenVerifier;
import io.lockstep.common.config.LockstepConfig;
import io.lockstep.common.engine.Engines;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.ext.healthchecks.HealthChecks;

/**
 * What a service's verticle is built with: the parsed configuration, the process's engines (made once
 * and shared by every service), token verification, the meter registry served at {@code /metrics},
 * and the health checks served at {@code /health}.
 */
public record ServiceEnvironment(
    LockstepConfig config, Engines engines, TokenVerifier tokens, MeterRegistry meters, HealthChecks health) {}
