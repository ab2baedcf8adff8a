package io.lockstep.edge.testing;

import io.lockstep.common.testing.HttpTestClient;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.util.function.Consumer;

/** A Vert.x HTTP server on a free loopback port serving one router the test sets up, with a client for it. */
public final class RouterServer implements AutoCloseable {
  private final Vertx vertx;
  private final HttpServer server;

  private RouterServer(Vertx vertx, HttpServer server) {
    this.vertx = vertx;
    this.server = server;
  }

  public static RouterServer start(Consumer<Router> routes) {
    Vertx vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    routes.accept(router);
    HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    return new RouterServer(vertx, server);
  }

  public int port() {
    return server.actualPort();
  }

  public HttpTestClient client() {
    return new HttpTestClient(port());
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
