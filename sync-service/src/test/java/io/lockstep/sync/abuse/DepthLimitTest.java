package io.lockstep.sync.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.common.bus.Addresses;
import io.lockstep.common.protocol.OpBounds;
import io.lockstep.common.testing.HttpTestClient;
import io.lockstep.sync.testing.RawWebSocket;
import io.lockstep.sync.testing.SyncTestServer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 13 item 7: nothing nests a document deeper than {@link OpBounds#MAX_DEPTH}. Generated ops
 * whose path plus value go one level or more past it, and initial data nested past it, are refused
 * with {@code too_large} over /sync, HTTP and the event bus; exactly at the limit they are accepted,
 * and the document stays readable.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DepthLimitTest {
  private static final int MAX = OpBounds.MAX_DEPTH;
  private static SyncTestServer server;
  private static HttpTestClient http;

  @BeforeAll
  static void start() {
    server = SyncTestServer.start();
    http = new HttpTestClient(server.port());
    assertThat(http.put("/docs/deep%2F1", "{\"type\":\"json0\",\"data\":{}}").status()).isEqualTo(201);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void opsNestingPastTheLimitAreTooLargeOnEveryFrontDoor() {
    Random random = new Random(64);
    try (RawWebSocket ws = RawWebSocket.connect(server.port())) {
      ws.request(new JsonObject().put("t", "hello").put("src", "deep-1"));
      for (int i = 0; i < 60; i++) {
        JsonArray op = new JsonArray().add(tooDeepComponent(random));
        JsonObject reply = ws.request(new JsonObject().put("t", "op").put("doc", "deep/1").put("v", 1)
            .put("seq", i + 1).put("op", op));
        assertThat(reply.getString("code")).as("/sync %s", reply).isEqualTo("too_large");

        HttpTestClient.Response response = http.post("/docs/deep%2F1/ops", new JsonObject().put("v", 1).put("op", op).encode());
        assertThat(response.status()).as("HTTP %s", response).isEqualTo(413);
        assertThat(response.json().getString("code")).isEqualTo("too_large");

        assertThat(busFailure(new JsonObject().put("doc", "deep/1").put("v", 1).put("op", op)))
            .as("event bus").contains("levels deep");
      }
    }
    assertThat(http.get("/docs/deep%2F1").json().getLong("v")).as("nothing was committed").isEqualTo(1);
  }

  @Test
  void initialDataNestedPastTheLimitIsTooLarge() {
    Random random = new Random(65);
    try (RawWebSocket ws = RawWebSocket.connect(server.port())) {
      ws.request(new JsonObject().put("t", "hello").put("src", "deep-2"));
      for (int i = 0; i < 20; i++) {
        Object data = nested(random, MAX + 1 + random.nextInt(20));
        JsonObject reply = ws.request(new JsonObject().put("t", "create").put("doc", "deep/c" + i)
            .put("type", "json0").put("data", data));
        assertThat(reply.getString("code")).as("/sync %s", reply).isEqualTo("too_large");
        HttpTestClient.Response response = http.put("/docs/deep%2Fh" + i,
            new JsonObject().put("type", "json0").put("data", data).encode());
        assertThat(response.status()).as("HTTP %s", response).isEqualTo(413);
      }
    }
  }

  @Test
  void exactlyAtTheLimitIsAcceptedAndTheDocumentStaysReadable() {
    assertThat(http.put("/docs/deep%2Fok", new JsonObject().put("type", "json0")
        .put("data", new JsonObject().put("a", nested(new Random(1), MAX - 1))).encode()).status()).isEqualTo(201);
    // Path ["b"] (1) plus a value nested MAX - 1 levels: the document is MAX levels deep.
    JsonArray op = new JsonArray().add(new JsonObject().put("p", new JsonArray().add("b"))
        .put("oi", nested(new Random(2), MAX - 1)));
    assertThat(http.post("/docs/deep%2Fok/ops", new JsonObject().put("v", 1).put("op", op).encode()).status())
        .isEqualTo(200);
    assertThat(http.get("/docs/deep%2Fok").status()).isEqualTo(200);
  }

  /** A json0 component whose path length plus value depth is MAX + 1 to MAX + 20. */
  private static JsonObject tooDeepComponent(Random random) {
    int total = MAX + 1 + random.nextInt(20);
    int pathLength = random.nextInt(total + 1);
    List<Object> path = new ArrayList<>();
    for (int i = 0; i < pathLength; i++) {
      path.add(random.nextBoolean() ? "k" + i : i % 3);
    }
    int valueDepth = total - pathLength;
    String instruction = valueDepth == 0 ? "si" : List.of("oi", "li", "od", "ld").get(random.nextInt(4));
    return new JsonObject().put("p", new JsonArray(path))
        .put(instruction, valueDepth == 0 ? "x" : nested(random, valueDepth));
  }

  /** A value nested exactly {@code depth} levels, mixing objects and lists. */
  private static Object nested(Random random, int depth) {
    Object value = random.nextInt(100);
    for (int i = 0; i < depth; i++) {
      value = random.nextBoolean() ? new JsonArray().add(value) : new JsonObject().put("n" + i, value);
    }
    return value;
  }

  private static String busFailure(JsonObject body) {
    try {
      server.vertx().eventBus().request(Addresses.SYNC_SUBMIT, body).await();
      return "accepted";
    } catch (ReplyException e) {
      return e.getMessage();
    }
  }
}
