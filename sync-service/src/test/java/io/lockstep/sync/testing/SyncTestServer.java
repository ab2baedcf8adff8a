package io.lockstep.sync.testing;

import io.lockstep.common.config.LockstepConfig;
import io.lockstep.common.engine.Engines;
import io.lockstep.common.engine.ops.OpStore;
import io.lockstep.edge.testing.ServiceHost;
import io.lockstep.sync.SyncVerticle;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * A real sync-service on a loopback port, embedded as an application would ({@link ServiceHost}: the
 * verticle, and one router per HTTP event loop, memory engines), for tests that talk to it over real
 * WebSockets and HTTP. Event loops that block for more than 100 ms are reported, so a blocking call
 * in the service shows up.
 */
public final class SyncTestServer implements AutoCloseable {
  private final ServiceHost<SyncVerticle> host;

  private SyncTestServer(ServiceHost<SyncVerticle> host) {
    this.host = host;
  }

  public static SyncTestServer start() {
    return start(LockstepConfig.defaults());
  }

  public static SyncTestServer start(LockstepConfig config) {
    Vertx vertx = Vertx.vertx(new VertxOptions()
        .setMaxEventLoopExecuteTime(100).setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS));
    return new SyncTestServer(ServiceHost.start(vertx, config, Engines.create(vertx, config), SyncVerticle::new));
  }

  /** On memory engines whose op store is {@code wrap} of the memory one (a seam: slow commits, faults). */
  public static SyncTestServer start(LockstepConfig config, BiFunction<Vertx, OpStore, OpStore> wrap) {
    Vertx vertx = Vertx.vertx(new VertxOptions()
        .setMaxEventLoopExecuteTime(100).setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS));
    Engines memory = Engines.memory(vertx, config);
    Engines engines = Engines.given(memory.broker(), wrap.apply(vertx, memory.ops()), memory.presence(), memory.feeds());
    return new SyncTestServer(ServiceHost.start(vertx, config, engines, SyncVerticle::new));
  }

  public Vertx vertx() {
    return host.vertx();
  }

  public int port() {
    return host.port();
  }

  public String wsUri() {
    return "ws://127.0.0.1:" + port() + "/sync";
  }

  /** Graceful stop as on SIGTERM: drain connections. */
  public void stopGracefully() {
    host.stopGracefully();
  }

  @Override
  public void close() {
    host.close();
    host.vertx().close().await();
  }
}
