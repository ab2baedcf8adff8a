package io.lockstep.app;

import io.lockstep.common.auth.TokenVerifier;
import io.lockstep.common.config.LockstepConfig;
import io.lockstep.common.engine.Engines;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A started Lockstep process (or an in-process one, in tests): where it listens and how to stop it.
 * Returned by {@link Main#start(LockstepConfig)}.
 */
public final class RunningLockstep {

  private static final Logger LOG = LoggerFactory.getLogger(RunningLockstep.class);

  /** Budget for draining the HTTP front and stopping the services before Vert.x itself closes. */
  static final Duration STOP_BUDGET = HttpFront.DRAIN.plusSeconds(1);

  private final Vertx vertx;
  private final LockstepConfig config;
  private final int port;
  private final List<DeployedService> services;
  private final String frontDeployment;
  private final Engines engines;
  private final TokenVerifier tokens;
  private final MeterRegistry meters;
  private Future<Void> closing;

  RunningLockstep(Vertx vertx, LockstepConfig config, int port, List<DeployedService> services,
      String frontDeployment, Engines engines, TokenVerifier tokens, MeterRegistry meters) {
    this.vertx = vertx;
    this.config = config;
    this.port = port;
    this.services = List.copyOf(services);
    this.frontDeployment = frontDeployment;
    this.engines = engines;
    this.tokens = tokens;
    this.meters = meters;
  }

  /** The port the HTTP server is bound to (the real one when the configuration asked for 0). */
  public int port() {
    return port;
  }

  /** The configuration it runs with; its {@code port()} is the requested one, see {@link #port()}. */
  public LockstepConfig config() {
    return config;
  }

  public Vertx vertx() {
    return vertx;
  }

  /** Names of the started services, sorted. */
  public List<String> services() {
    return services.stream().map(DeployedService::name).toList();
  }

  public TokenVerifier tokens() {
    return tokens;
  }

  /** The registry {@code /metrics} serves. */
  public MeterRegistry meters() {
    return meters;
  }

  /**
   * Stops gracefully: the HTTP front stops accepting and drains, the services' verticles are
   * undeployed (finishing in-flight work, closing their sockets with going-away), then the engines and
   * Vert.x close. Draining and service stops together get {@link #STOP_BUDGET}; the engines and
   * Vert.x are closed after it whatever happened. Calling it
   * again returns the same future. Fails if a service failed to stop or the budget ran out, after
   * Vert.x is closed all the same.
   */
  public synchronized Future<Void> close() {
    if (closing == null) {
      // The front's shutdown unbinds the port first and then waits for open connections; the
      // services are stopped meanwhile rather than after, since their stop() is what closes
      // their long-lived sockets and lets the drain end. A connection accepted in the instant before
      // the unbind meets a stopping service, which refuses it with going-away.
      Future<Void> front = vertx.undeploy(frontDeployment);
      Future<Void> stopped = undeployInReverse(vertx, services);
      closing = Future.join(front, stopped)
          .timeout(STOP_BUDGET.toMillis(), TimeUnit.MILLISECONDS)
          .<Void>mapEmpty()
          .transform(ar -> engines.close().otherwiseEmpty()
              .transform(enginesClosed -> vertx.close())
              .transform(closed -> {
                Throwable first = ar.failed() ? ar.cause() : closed.cause();
                return first == null ? Future.<Void>succeededFuture() : Future.<Void>failedFuture(first);
              }));
    }
    return closing;
  }

  /** Undeploys {@code services} one after another, last started first; a failure is logged and the rest still stop. */
  static Future<Void> undeployInReverse(Vertx vertx, List<DeployedService> services) {
    List<DeployedService> reversed = new ArrayList<>(services);
    Collections.reverse(reversed);
    Future<Void> chain = Future.succeededFuture();
    List<String> failed = new ArrayList<>();
    for (DeployedService s : reversed) {
      chain = chain.compose(v -> vertx.undeploy(s.deploymentId()).recover(e -> {
        LOG.error("service {} failed to stop cleanly", s.name(), e);
        failed.add(s.name());
        return Future.succeededFuture();
      }));
    }
    return chain.compose(v -> failed.isEmpty() ? Future.succeededFuture()
        : Future.failedFuture("services failed to stop: " + String.join(", ", failed)));
  }
}
