package io.lockstep.presence.testing;

import io.lockstep.common.auth.TokenVerifiers;
import io.lockstep.common.config.LockstepConfig;
import io.lockstep.common.config.PresenceConfig;
import io.lockstep.common.engine.broker.Broker;
import io.lockstep.common.engine.presence.PresenceStore;
import io.lockstep.common.service.ServiceEnvironment;
import io.lockstep.common.testing.FreePorts;
import io.lockstep.presence.PresenceService;
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
 * A real presence service on a loopback port, as the launcher runs it (one router per HTTP event
 * loop, two loops), for tests that talk to it over real WebSockets and HTTP. Engines are the memory
 * ones, Redis when the configuration names one, or the caller's. Event loops blocked for more than
 * 100 ms are reported.
 */
public final class PresenceTestServer implements AutoCloseable {
  private final Vertx vertx;
  private final PresenceService service;
  private final SimpleMeterRegistry meters;
  private final int port;

  private PresenceTestServer(Vertx vertx, PresenceService service, SimpleMeterRegistry meters, int port) {
    this.vertx = vertx;
    this.service = service;
    this.meters = meters;
    this.port = port;
  }

  /** Short timings so TTL tests run in about a second: heartbeat 200 ms, TTL 600 ms, sweep 100 ms, meta tick 50 ms. */
  public static LockstepConfig fastConfig() {
    PresenceConfig d = PresenceConfig.DEFAULTS;
    return LockstepConfig.fromJson(LockstepConfig.defaults().toJson().put("heartbeatMs", 200))
        .withPresence(new PresenceConfig(600, 100, 50, d.metaPerSecond(), d.metaBurst(), d.maxRooms(),
            d.maxMembers(), d.maxMetaBytes()));
  }

  public static PresenceTestServer start(LockstepConfig config) {
    return start(config, new PresenceService());
  }

  /** A node over engines the caller made and owns (several nodes sharing one store). */
  public static PresenceTestServer start(LockstepConfig config, PresenceStore store, Broker broker, Vertx vertx) {
    return start(config, new PresenceService(store, broker), vertx);
  }

  private static PresenceTestServer start(LockstepConfig config, PresenceService service) {
    return start(config, service, Vertx.vertx(new VertxOptions()
        .setMaxEventLoopExecuteTime(100).setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)));
  }

  private static PresenceTestServer start(LockstepConfig config, PresenceService service, Vertx vertx) {
    int port = FreePorts.loopback();
    LockstepConfig bound = config.withPort(port);
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    ServiceEnvironment env = new ServiceEnvironment(vertx, bound, TokenVerifiers.create(vertx, bound.auth()),
        meters, HealthChecks.create(vertx));
    service.start(env).await();
    vertx.deployVerticle(() -> new Front(service, bound), new DeploymentOptions().setInstances(2)).await();
    return new PresenceTestServer(vertx, service, meters, port);
  }

  public Vertx vertx() {
    return vertx;
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

  /** Graceful stop as on SIGTERM: every connection leaves its rooms and closes. */
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

  /** One HTTP event loop: a router with the presence routes on the shared port. */
  private static final class Front extends VerticleBase {
    private final PresenceService service;
    private final LockstepConfig config;

    Front(PresenceService service, LockstepConfig config) {
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
