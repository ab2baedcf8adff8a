package io.lockstep.edge.testing;

import io.lockstep.common.auth.TokenVerifiers;
import io.lockstep.common.config.LockstepConfig;
import io.lockstep.common.engine.Engines;
import io.lockstep.common.testing.FreePorts;
import io.lockstep.edge.service.ServiceEnvironment;
import io.lockstep.edge.service.ServiceVerticle;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.web.Router;
import java.util.List;
import java.util.function.Function;

/**
 * One Lockstep service embedded the way any Vert.x application would: its verticle deployed once,
 * and an HTTP verticle of the host's own, two instances on a loopback port, that mounts the service's
 * routes on each of its routers. The engines are the caller's; {@link #close} stops the service,
 * then closes the engines it was given.
 */
public final class ServiceHost<V extends ServiceVerticle> implements AutoCloseable {
  private final Vertx vertx;
  private final V service;
  private final String deployment;
  private final Engines engines;
  private final SimpleMeterRegistry meters;
  private final int port;

  private ServiceHost(Vertx vertx, V service, String deployment, Engines engines, SimpleMeterRegistry meters,
      int port) {
    this.vertx = vertx;
    this.service = service;
    this.deployment = deployment;
    this.engines = engines;
    this.meters = meters;
    this.port = port;
  }

  /**
   * Deploys the verticle {@code create} makes over {@code engines}, then the host's HTTP front on a
   * free loopback port (which replaces {@code config}'s).
   */
  public static <V extends ServiceVerticle> ServiceHost<V> start(Vertx vertx, LockstepConfig config, Engines engines,
      Function<ServiceEnvironment, V> create) {
    int port = FreePorts.loopback();
    LockstepConfig bound = config.withPort(port);
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    ServiceEnvironment env = new ServiceEnvironment(bound, engines, TokenVerifiers.create(vertx, bound.auth()),
        meters, HealthChecks.create(vertx));
    V service = create.apply(env);
    String deployment = vertx.deployVerticle(service).await();
    vertx.deployVerticle(() -> new Front(service, bound), new DeploymentOptions().setInstances(2)).await();
    return new ServiceHost<>(vertx, service, deployment, engines, meters, port);
  }

  public Vertx vertx() {
    return vertx;
  }

  public V service() {
    return service;
  }

  public int port() {
    return port;
  }

  /** The value of a counter or gauge (summed over tags), 0 when absent. */
  public double meter(String name, String... tags) {
    var search = meters.find(name).tags(tags);
    double counters = search.counters().stream().mapToDouble(c -> c.count()).sum();
    double gauges = search.gauges().stream().mapToDouble(g -> g.value()).sum();
    return counters + gauges;
  }

  /** Graceful stop as on SIGTERM: undeploys the service, which drains its connections. */
  public void stopGracefully() {
    vertx.undeploy(deployment).await();
  }

  /** Stops the service (if still deployed) and closes the engines; Vert.x stays open. */
  @Override
  public void close() {
    try {
      if (vertx.deploymentIDs().contains(deployment)) {
        vertx.undeploy(deployment).await();
      }
    } catch (Exception ignored) {
      // closing anyway
    }
    engines.close().await();
  }

  /** One HTTP event loop of the host: a router with the service's routes on the shared port. */
  private static final class Front extends VerticleBase {
    private final ServiceVerticle service;
    private final LockstepConfig config;

    Front(ServiceVerticle service, LockstepConfig config) {
      this.service = service;
      this.config = config;
    }

    @Override
    public Future<?> start() {
      Router router = Router.router(vertx);
      service.mount(router);
      HttpServerOptions options = new HttpServerOptions().setHost("127.0.0.1").setPort(config.port())
          .setWebSocketSubProtocols(List.of("lockstep.v1"))
          .setMaxWebSocketFrameSize(config.limits().maxFrameBytes() * 2)
          .setMaxWebSocketMessageSize(config.limits().maxFrameBytes() * 2);
      return vertx.createHttpServer(options).requestHandler(router).listen();
    }
  }
}
