package io.lockstep.sync.testing;

import io.lockstep.common.auth.TokenVerifiers;
import io.lockstep.common.config.LockstepConfig;
import io.lockstep.common.service.ServiceEnvironment;
import io.lockstep.common.testing.FreePorts;
import io.lockstep.sync.SyncService;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.web.Router;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real sync-service on a loopback port, as the launcher would run it (one router per HTTP event
 * loop, memory engines), for tests that talk to it over real WebSockets and HTTP. Event loops
 * that block for more than 100 ms are reported, so a blocking call in the service shows up.
 */
public final class SyncTestServer implements AutoCloseable {
  private final Vertx vertx;
  private final SyncService service;
  private final int port;

  private SyncTestServer(Vertx vertx, SyncService service, int port) {
    this.vertx = vertx;
    this.service = service;
    this.port = port;
  }

  public static SyncTestServer start() {
    return start(LockstepConfig.defaults());
  }

  public static SyncTestServer start(LockstepConfig config) {
    Vertx vertx = Vertx.vertx(new VertxOptions()
        .setMaxEventLoopExecuteTime(100).setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS));
    int port = FreePorts.loopback();
    LockstepConfig bound = config.withPort(port);
    SyncService service = new SyncService();
    ServiceEnvironment env = new ServiceEnvironment(vertx, bound, TokenVerifiers.create(vertx, bound.auth()),
        new SimpleMeterRegistry(), HealthChecks.create(vertx));
    service.start(env).await();
    vertx.deployVerticle(() -> new Front(service, bound), new DeploymentOptions().setInstances(2))
        .await();
    return new SyncTestServer(vertx, service, port);
  }

  public Vertx vertx() {
    return vertx;
  }

  public int port() {
    return port;
  }

  public String wsUri() {
    return "ws://127.0.0.1:" + port + "/sync";
  }

  /** Graceful stop as on SIGTERM: drain connections, then close Vert.x. */
  public void stopGracefully() {
    service.stop().await();
  }

  @Override
  public void close() {
    try {
      service.stop().await();
    } catch (Exception ignored) {
      // closing anyway
    }
    vertx.close().await();
  }

  /** One HTTP event loop: a router with the sync routes on the shared port. */
  private static final class Front extends VerticleBase {
    private final SyncService service;
    private final LockstepConfig config;

    Front(SyncService service, LockstepConfig config) {
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
