package io.lockstep.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockstep.common.config.AuthConfig;
import io.lockstep.common.config.ConfigException;
import io.lockstep.common.config.LockstepConfig;
import io.lockstep.edge.service.LockstepService;
import io.lockstep.edge.service.ServiceEnvironment;
import io.lockstep.edge.service.ServiceVerticle;
import io.lockstep.common.testing.TestTokens;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Boots Lockstep in this JVM through {@link Main#start} and talks to it over HTTP. */
@ExtendWith(VertxExtension.class)
class MainStartTest {

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static LockstepConfig config(String... services) {
    return LockstepConfig.defaults().withHost("127.0.0.1").withPort(0).withServices(Set.of(services));
  }

  @Test
  void startsOnAFreePortServesTheServiceHealthAndMetricsThenStops() throws Exception {
    int stopsBefore = EchoTestService.STOPS.get();
    RunningLockstep running = await(Main.start(config("echo")));
    int port = running.port();
    try {
      assertThat(port).isPositive();
      assertThat(running.services()).containsExactly("echo");
      assertThat(running.tokens().enabled()).isFalse();

      for (int i = 0; i < 20; i++) {
        // Fresh connections each time, so they spread over every HTTP instance on the shared port.
        HttpResponse<String> echo = HttpClient.newHttpClient().send(get(port, "/echo"), HttpResponse.BodyHandlers.ofString());
        assertThat(echo.statusCode()).isEqualTo(200);
        assertThat(echo.body()).isEqualTo("echo anonymous");
      }

      HttpResponse<String> health = send(port, "/health");
      assertThat(health.statusCode()).isEqualTo(200);
      JsonObject status = new JsonObject(health.body());
      assertThat(status.getString("status")).isEqualTo("UP");
      assertThat(status.getJsonArray("checks").getJsonObject(0).getJsonObject("data").getString("nodeId"))
          .isEqualTo("node-1");

      HttpResponse<String> metrics = send(port, "/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
      assertThat(metrics.body()).contains("vertx_http_server_requests_total").contains("jvm_memory_used_bytes");

      HttpResponse<String> notSelected = send(port, "/other");
      assertThat(notSelected.statusCode()).isEqualTo(404);
      assertThat(new JsonObject(notSelected.body()).getString("code")).isEqualTo("not_found");
    } finally {
      await(running.close());
    }
    assertThat(EchoTestService.STOPS.get()).isEqualTo(stopsBefore + 1);
    assertThat(running.close()).isSameAs(running.close());
    assertThatThrownBy(() -> send(port, "/health")).isInstanceOf(ConnectException.class);
  }

  @Test
  void withAKeyConfiguredRequestsNeedAValidToken(Vertx vertx) throws Exception {
    TestTokens tokens = TestTokens.hs256(vertx);
    RunningLockstep running = await(Main.start(config("echo", "other").withAuth(tokens.authConfig())));
    try {
      int port = running.port();
      assertThat(running.tokens().enabled()).isTrue();

      HttpResponse<String> anonymous = send(port, "/echo");
      assertThat(anonymous.statusCode()).isEqualTo(401);
      assertThat(new JsonObject(anonymous.body()))
          .isEqualTo(new JsonObject().put("code", "unauthorized").put("msg", "missing token"));

      HttpRequest withToken = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/echo"))
          .header("Authorization", "Bearer " + tokens.token("alice", TestTokens.rights().read("*"))).build();
      assertThat(http.send(withToken, HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("echo alice");

      String expired = tokens.expired("alice", TestTokens.rights().read("*"));
      assertThat(send(port, "/echo?token=" + expired).statusCode()).isEqualTo(401);
      assertThat(send(port, "/other").statusCode()).isEqualTo(200);
      assertThat(send(port, "/health").statusCode()).isEqualTo(200);
    } finally {
      await(running.close());
    }
  }

  @Test
  void unknownServiceFailsBeforeAnythingStarts() {
    assertThatThrownBy(() -> await(Main.start(config("echo", "nosuch"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown service nosuch")
        .hasMessageContaining("available on this class path: ")
        .hasMessageContaining("echo");
  }

  @Test
  void unusableKeyFailsAsBadConfiguration() {
    LockstepConfig badKey = config("echo").withAuth(new AuthConfig(null, "not a key", "RS256"));

    assertThatThrownBy(() -> await(Main.start(badKey))).isInstanceOf(ConfigException.class)
        .hasMessageContaining("public key");
  }

  @Test
  void aServiceThatFailsToStartStopsTheOnesStartedBeforeIt() {
    AtomicInteger brokenStops = new AtomicInteger();
    LockstepService broken = new LockstepService() {
      @Override
      public String name() {
        return "zz-broken";
      }

      @Override
      public ServiceVerticle verticle(ServiceEnvironment env) {
        return new ServiceVerticle() {
          @Override
          public Future<?> start() {
            return Future.failedFuture("disk on fire");
          }

          @Override
          public void mount(Router router) {}

          @Override
          public Future<?> stop() {
            brokenStops.incrementAndGet();
            return Future.succeededFuture();
          }
        };
      }
    };
    int stopsBefore = EchoTestService.STOPS.get();
    ServiceSet set = ServiceSet.of(List.of(new EchoTestService(), broken));

    assertThatThrownBy(() -> await(Main.start(config("echo", "zz-broken"), set)))
        .hasMessage("service zz-broken failed to start: disk on fire");
    assertThat(EchoTestService.STOPS.get()).isEqualTo(stopsBefore + 1);
    assertThat(brokenStops.get()).isZero();
  }

  @Test
  void aTakenPortFailsTheStartAndStopsTheServices() throws Exception {
    int stopsBefore = EchoTestService.STOPS.get();
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      LockstepConfig onTakenPort = config("echo").withPort(taken.getLocalPort());

      assertThatThrownBy(() -> await(Main.start(onTakenPort)))
          .hasMessageStartingWith("cannot serve HTTP on 127.0.0.1:" + taken.getLocalPort());
    }
    assertThat(EchoTestService.STOPS.get()).isEqualTo(stopsBefore + 1);
  }

  private HttpResponse<String> send(int port, String path) throws IOException, InterruptedException {
    return http.send(get(port, path), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest get(int port, String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build();
  }

  /** Waits on the JUnit thread (never an event loop) and rethrows a failure as itself. */
  static <T> T await(Future<T> future) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception) {
        throw (Exception) e.getCause();
      }
      throw e;
    }
  }

  @Test
  void aRequestTheRouterCannotEvenParseGetsAJsonError() throws Exception {
    RunningLockstep running = await(Main.start(config("sync")));
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", running.port())) {
      socket.setSoTimeout(5_000);
      // A raw request: java.net.http refuses to send a malformed percent-escape at all.
      socket.getOutputStream().write(
          "GET /docs/x%ZZ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      String reply = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(reply).startsWith("HTTP/1.1 400");
      assertThat(new JsonObject(reply.substring(reply.indexOf("\r\n\r\n") + 4)).getString("code")).isEqualTo("bad_request");
    } finally {
      await(running.close());
    }
  }

}
