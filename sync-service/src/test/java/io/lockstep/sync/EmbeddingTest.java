package io.lockstep.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.common.auth.TokenVerifiers;
import io.lockstep.common.config.LockstepConfig;
import io.lockstep.common.engine.Engines;
import io.lockstep.common.testing.FreePorts;
import io.lockstep.edge.service.ServiceEnvironment;
import io.lockstep.sync.testing.WsTestClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A plain Vert.x application embeds the sync-service the way docs/architecture.md ("Embedding a
 * service") tells it to: it makes the engines, deploys {@link SyncVerticle}, and mounts the service's
 * routes next to its own on the router of its own HTTP verticle, one instance per event loop. Real
 * WebSocket clients then edit a document through it, and undeploying the verticle stops the service
 * gracefully while the application's own routes keep working.
 */
class EmbeddingTest {

  /** The application's HTTP verticle: its own route, and the sync-service's. */
  static final class AppHttp extends VerticleBase {
    private final SyncVerticle sync;
    private final int port;

    AppHttp(SyncVerticle sync, int port) {
      this.sync = sync;
      this.port = port;
    }

    @Override
    public Future<?> start() {
      Router router = Router.router(vertx);
      router.get("/hello").handler(ctx -> ctx.response().end("hello from the app"));
      sync.mount(router);
      return vertx.createHttpServer(new HttpServerOptions().setWebSocketSubProtocols(List.of("lockstep.v1")))
          .requestHandler(router).listen(port, "127.0.0.1");
    }
  }

  @Test
  void aVertxApplicationDeploysTheSyncVerticleAndClientsEditThroughIt() throws InterruptedException {
    Vertx vertx = Vertx.vertx();
    int port = FreePorts.loopback();
    LockstepConfig config = LockstepConfig.defaults();
    Engines engines = Engines.create(vertx, config);
    try {
      ServiceEnvironment env = new ServiceEnvironment(config, engines, TokenVerifiers.create(vertx, config.auth()),
          new SimpleMeterRegistry(), HealthChecks.create(vertx));
      SyncVerticle sync = new SyncVerticle(env);
      String deployment = vertx.deployVerticle(sync).await();
      vertx.deployVerticle(() -> new AppHttp(sync, port), new DeploymentOptions().setInstances(2)).await();

      try (WsTestClient alice = WsTestClient.connect(port); WsTestClient bob = WsTestClient.connect(port)) {
        alice.request(new JsonObject().put("t", "hello").put("src", "alice"));
        bob.request(new JsonObject().put("t", "hello").put("src", "bob"));
        JsonObject created = alice.request(new JsonObject().put("t", "create").put("doc", "embedded/1")
            .put("type", "json0").put("data", new JsonObject().put("items", new JsonArray())).put("seq", 1));
        assertThat(created.getString("t")).isEqualTo("ack");
        assertThat(bob.request(new JsonObject().put("t", "sub").put("doc", "embedded/1")).getLong("v")).isEqualTo(1);

        JsonObject ack = alice.request(new JsonObject().put("t", "op").put("doc", "embedded/1").put("v", 1)
            .put("seq", 2).put("op", new JsonArray().add(new JsonObject()
                .put("p", new JsonArray().add("items").add(0)).put("li", "milk"))));
        assertThat(ack.getString("t")).isEqualTo("ack");
        assertThat(ack.getLong("v")).isEqualTo(2);
        JsonObject pushed = bob.next();
        assertThat(pushed.getString("t")).isEqualTo("op");
        assertThat(pushed.getLong("v")).isEqualTo(2);

        vertx.undeploy(deployment).await();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (bob.closeCode() == null && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        assertThat(bob.closeCode()).as("undeploying the service closes its sockets with going-away").isEqualTo((short) 1001);
      }
      String hello = vertx.createHttpClient()
          .request(HttpMethod.GET, port, "127.0.0.1", "/hello")
          .compose(req -> req.send().compose(resp -> resp.body()))
          .await().toString();
      assertThat(hello).as("the application's own route is untouched").isEqualTo("hello from the app");
    } finally {
      engines.close().await();
      vertx.close().await();
    }
  }
}
