package io.lockstep.feed.testing;

import io.lockstep.common.auth.TokenVerifiers;
import io.lockstep.common.config.FeedConfig;
import io.lockstep.common.config.LockstepConfig;
import io.lockstep.common.engine.broker.Broker;
import io.lockstep.common.engine.feed.FeedLog;
import io.lockstep.common.service.ServiceEnvironment;
import io.lockstep.common.testing.FreePorts;
import io.lockstep.common.testing.sse.SseClient;
import io.lockstep.feed.FeedService;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.web.Router;
import java.util.concurrent.TimeUnit;

/**
 * A real feed service on a loopback port, as the launcher runs it (one router per HTTP event loop,
 * two loops), for tests that talk to it over real HTTP and SSE. Event loops blocked for more than
 * 100 ms are reported.
 */
public final class FeedTestServer implements AutoCloseable {
  private final Vertx vertx;
  private final FeedService service;
  private final SimpleMeterRegistry meters;
  private final int port;
  private SseClient sse;

  private FeedTestServer(Vertx vertx, FeedService service, SimpleMeterRegistry meters, int port) {
    this.vertx = vertx;
    this.service = service;
    this.meters = meters;
    this.port = port;
  }

  public static FeedTestServer start() {
    return start(LockstepConfig.defaults());
  }

  public static FeedTestServer start(FeedConfig feeds) {
    return start(LockstepConfig.defaults().withFeeds(feeds));
  }

  public static FeedTestServer start(LockstepConfig config) {
    return start(config, new FeedService());
  }

  /** A node over a log and broker the caller made (several nodes sharing them in one JVM). */
  public static FeedTestServer start(LockstepConfig config, FeedLog log, Broker broker) {
    return start(config, new FeedService(log, broker));
  }

  private static FeedTestServer start(LockstepConfig config, FeedService service) {
    Vertx vertx = Vertx.vertx(new VertxOptions()
        .setMaxEventLoopExecuteTime(100).setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS));
    int port = FreePorts.loopback();
    LockstepConfig bound = config.withPort(port);
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    ServiceEnvironment env = new ServiceEnvironment(vertx, bound, TokenVerifiers.create(vertx, bound.auth()),
        meters, HealthChecks.create(vertx));
    service.start(env).await();
    vertx.deployVerticle(() -> new Front(service, port), new DeploymentOptions().setInstances(2)).await();
    return new FeedTestServer(vertx, service, meters, port);
  }

  public Vertx vertx() {
    return vertx;
  }

  public int port() {
    return port;
  }

  /** An SSE client to this server (one per server, closed with it). */
  public synchronized SseClient sse() {
    if (sse == null) {
      sse = new SseClient(vertx, "127.0.0.1", port);
    }
    return sse;
  }

  /** The value of a counter or gauge of the service, 0 when it was never registered. */
  public double meter(String name) {
    var counter = meters.find(name).counter();
    if (counter != null) {
      return counter.count();
    }
    var gauge = meters.find(name).gauge();
    return gauge == null ? 0 : gauge.value();
  }

  @Override
  public void close() {
    try {
      service.stop().await(10, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // closing anyway
    }
    vertx.close().await();
  }

  /** One HTTP event loop: a router with the feed routes on the shared port. */
  private static final class Front extends VerticleBase {
    private final FeedService service;
    private final int port;

    Front(FeedService service, int port) {
      this.service = service;
      this.port = port;
    }

    @Override
    public Future<?> start() {
      Router router = Router.router(vertx);
      service.mount(router);
      return vertx.createHttpServer().requestHandler(router).listen(port, "127.0.0.1");
    }
  }
}
