package io.lockstep.feed.testing;

import io.lockstep.common.config.FeedConfig;
import io.lockstep.common.config.LockstepConfig;
import io.lockstep.common.engine.Engines;
import io.lockstep.common.engine.broker.Broker;
import io.lockstep.common.engine.feed.FeedLog;
import io.lockstep.common.testing.sse.SseClient;
import io.lockstep.edge.testing.ServiceHost;
import io.lockstep.feed.FeedVerticle;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.concurrent.TimeUnit;

/**
 * A real feed service on a loopback port, embedded as an application would ({@link ServiceHost}: the
 * verticle, and one router per HTTP event loop, two loops), for tests that talk to it over real HTTP
 * and SSE. Event loops blocked for more than 100 ms are reported.
 */
public final class FeedTestServer implements AutoCloseable {
  private final ServiceHost<FeedVerticle> host;
  private SseClient sse;

  private FeedTestServer(ServiceHost<FeedVerticle> host) {
    this.host = host;
  }

  public static FeedTestServer start() {
    return start(LockstepConfig.defaults());
  }

  public static FeedTestServer start(FeedConfig feeds) {
    return start(LockstepConfig.defaults().withFeeds(feeds));
  }

  public static FeedTestServer start(LockstepConfig config) {
    Vertx vertx = newVertx();
    return new FeedTestServer(ServiceHost.start(vertx, config, Engines.create(vertx, config), FeedVerticle::new));
  }

  /** A node over a log and broker the caller made (several nodes sharing them in one JVM). */
  public static FeedTestServer start(LockstepConfig config, FeedLog log, Broker broker) {
    return new FeedTestServer(
        ServiceHost.start(newVertx(), config, Engines.given(broker, null, null, log), FeedVerticle::new));
  }

  private static Vertx newVertx() {
    return Vertx.vertx(new VertxOptions()
        .setMaxEventLoopExecuteTime(100).setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS));
  }

  public Vertx vertx() {
    return host.vertx();
  }

  public int port() {
    return host.port();
  }

  /** An SSE client to this server (one per server, closed with it). */
  public synchronized SseClient sse() {
    if (sse == null) {
      sse = new SseClient(host.vertx(), "127.0.0.1", host.port());
    }
    return sse;
  }

  /** The value of a counter or gauge of the service, 0 when it was never registered. */
  public double meter(String name) {
    return host.meter(name);
  }

  @Override
  public void close() {
    host.close();
    host.vertx().close().await();
  }
}
