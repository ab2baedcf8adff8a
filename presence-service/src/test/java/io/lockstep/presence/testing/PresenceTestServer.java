package io.lockstep.presence.testing;

import io.lockstep.common.config.LockstepConfig;
import io.lockstep.common.config.PresenceConfig;
import io.lockstep.common.engine.Engines;
import io.lockstep.common.engine.broker.Broker;
import io.lockstep.common.engine.presence.PresenceStore;
import io.lockstep.edge.testing.ServiceHost;
import io.lockstep.presence.PresenceVerticle;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.concurrent.TimeUnit;

/**
 * A real presence service on a loopback port, embedded as an application would ({@link ServiceHost}:
 * the verticle, and one router per HTTP event loop, two loops), for tests that talk to it over real
 * WebSockets and HTTP. Engines are the memory ones, Redis when the configuration names one, or the
 * caller's. Event loops blocked for more than 100 ms are reported.
 */
public final class PresenceTestServer implements AutoCloseable {
  private final ServiceHost<PresenceVerticle> host;

  private PresenceTestServer(ServiceHost<PresenceVerticle> host) {
    this.host = host;
  }

  /** Short timings so TTL tests run in about a second: heartbeat 200 ms, TTL 600 ms, sweep 100 ms, meta tick 50 ms. */
  public static LockstepConfig fastConfig() {
    PresenceConfig d = PresenceConfig.DEFAULTS;
    return LockstepConfig.fromJson(LockstepConfig.defaults().toJson().put("heartbeatMs", 200))
        .withPresence(new PresenceConfig(600, 100, 50, d.metaPerSecond(), d.metaBurst(), d.maxRooms(),
            d.maxMembers(), d.maxMetaBytes()));
  }

  public static PresenceTestServer start(LockstepConfig config) {
    Vertx vertx = Vertx.vertx(new VertxOptions()
        .setMaxEventLoopExecuteTime(100).setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS));
    return new PresenceTestServer(ServiceHost.start(vertx, config, Engines.create(vertx, config), PresenceVerticle::new));
  }

  /** A node over engines the caller made and owns (several nodes sharing one store), on the caller's Vert.x (closed with it). */
  public static PresenceTestServer start(LockstepConfig config, PresenceStore store, Broker broker, Vertx vertx) {
    return new PresenceTestServer(
        ServiceHost.start(vertx, config, Engines.given(broker, null, store, null), PresenceVerticle::new));
  }

  public Vertx vertx() {
    return host.vertx();
  }

  public int port() {
    return host.port();
  }

  /** The value of a counter or gauge (summed over tags), 0 when absent. */
  public double meter(String name, String... tags) {
    return host.meter(name, tags);
  }

  /** Graceful stop as on SIGTERM: every connection leaves its rooms and closes. */
  public void stopGracefully() {
    host.stopGracefully();
  }

  @Override
  public void close() {
    host.close();
    host.vertx().close().await();
  }
}
