package io.lockstep.common.service;

import io.lockstep.common.auth.TokenVerifier;
import io.lockstep.common.config.LockstepConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.healthchecks.HealthChecks;

/**
 * What the launcher hands every service at start: the shared Vert.x instance, the parsed
 * configuration, token verification, the meter registry served at {@code /metrics}, and the
 * health checks served at {@code /health}.
 */
public record ServiceEnvironment(
    Vertx vertx, LockstepConfig config, TokenVerifier tokens, MeterRegistry meters, HealthChecks health) {}
