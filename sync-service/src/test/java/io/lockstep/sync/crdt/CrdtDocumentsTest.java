package io.lockstep.sync.crdt;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.common.testing.HttpTestClient;
import io.lockstep.common.testing.HttpTestClient.Response;
import io.lockstep.sync.testing.SyncTestServer;
import io.lockstep.sync.testing.WsTestClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * crdt documents on one node (docs/protocol.md §6), over HTTP and WebSocket: ops commit without
 * being rebased nor refused for an old base, a remove takes only the adds its author had seen,
 * a resubmission is committed once, subscribers get the committed ops with their rm lists, and bad
 * ops get their codes and change nothing.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CrdtDocumentsTest {
  private static SyncTestServer server;
  private static HttpTestClient http;

  @BeforeAll
  static void start() {
    server = SyncTestServer.start();
    http = new HttpTestClient(server.port());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static JsonObject c(String field, String instruction, Object operand) {
    return new JsonObject().put("p", new JsonArray().add(field)).put(instruction, operand);
  }

  private static Response post(String doc, long base, JsonObject... components) {
    return http.post("/docs/" + doc + "/ops", new JsonObject().put("v", base).put("op", new JsonArray(List.of((Object[]) components))).encode());
  }

  private static Response postAs(String doc, long base, String src, long seq, JsonObject... components) {
    return http.post("/docs/" + doc + "/ops", new JsonObject().put("v", base).put("src", src).put("seq", seq)
        .put("op", new JsonArray(List.of((Object[]) components))).encode());
  }

  @Test
  void opsMergeWhateverTheirBaseAndTheSnapshotCarriesStateAndValue() {
    assertThat(http.put("/docs/crdt%2Fhttp", "{\"type\":\"crdt\",\"data\":{}}").status()).isEqualTo(201);
    assertThat(post("crdt%2Fhttp", 1, c("likes", "inc", 2), c("tags", "add", "red")).json().getLong("v")).isEqualTo(2);
    assertThat(post("crdt%2Fhttp", 1, c("likes", "inc", 3), c("tags", "add", "red")).json().getLong("v")).isEqualTo(3);
    assertThat(post("crdt%2Fhttp", 1, c("title", "set", "Room").put("t", 1_000)).json().getLong("v")).isEqualTo(4);
    // Made against version 2: it saw the first "red" only, so the second one survives (add wins).
    assertThat(post("crdt%2Fhttp", 2, c("tags", "remove", "red"), c("tags", "add", "blue")).json().getLong("v")).isEqualTo(5);

    JsonObject snapshot = http.get("/docs/crdt%2Fhttp").json();
    assertThat(snapshot.getString("type")).isEqualTo("crdt");
    assertThat(snapshot.getLong("v")).isEqualTo(5);
    assertThat(snapshot.getJsonObject("value")).isEqualTo(new JsonObject().put("likes", 5)
        .put("tags", new JsonArray().add("blue").add("red")).put("title", "Room"));
    assertThat(snapshot.getJsonObject("data").getJsonObject("tags")).isEqualTo(new JsonObject().put("k", "set")
        .put("e", new JsonArray()
            .add(new JsonObject().put("val", "blue").put("adds", new JsonArray().add(new JsonArray().add(5).addNull())))
            .add(new JsonObject().put("val", "red").put("adds", new JsonArray().add(new JsonArray().add(3).addNull())))));

    JsonObject remove = http.get("/docs/crdt%2Fhttp/ops?from=4&to=5").json().getJsonArray("ops").getJsonObject(0);
    assertThat(remove.getJsonArray("op").getJsonObject(0).getJsonArray("rm")).containsExactly(2);
  }

  @Test
  void aResubmissionIsCommittedOnceEvenLongAfter() {
    http.put("/docs/crdt%2Fonce", "{\"type\":\"crdt\",\"data\":{}}");
    assertThat(postAs("crdt%2Fonce", 1, "dev-1", 5, c("n", "inc", 1)).json().getLong("v")).isEqualTo(2);
    for (int i = 0; i < 20; i++) {
      post("crdt%2Fonce", 1, c("n", "inc", 10));
    }
    Response again = postAs("crdt%2Fonce", 1, "dev-1", 5, c("n", "inc", 1));
    assertThat(again.json().getLong("v")).as("%s", again).isEqualTo(2);
    assertThat(http.get("/docs/crdt%2Fonce").json().getJsonObject("value").getLong("n")).isEqualTo(201);
  }

  @Test
  void subscribersGetTheCommittedOpsWithTheirRmLists() {
    http.put("/docs/crdt%2Fws", "{\"type\":\"crdt\",\"data\":{}}");
    try (WsTestClient alice = WsTestClient.connect(server.port()); WsTestClient bob = WsTestClient.connect(server.port())) {
      alice.request(new JsonObject().put("t", "hello").put("src", "alice"));
      bob.request(new JsonObject().put("t", "hello").put("src", "bob"));
      JsonObject snapshot = bob.request(new JsonObject().put("t", "sub").put("doc", "crdt/ws"));
      assertThat(snapshot.getString("type")).isEqualTo("crdt");
      assertThat(snapshot.getJsonObject("value")).isEqualTo(new JsonObject());

      JsonObject add = alice.request(op(1, 1, c("tags", "add", new JsonObject().put("b", 1).put("a", 2))));
      assertThat(add.getString("t")).as("%s", add).isEqualTo("ack");
      JsonObject remove = alice.request(op(1, 2, c("tags", "remove", new JsonObject().put("a", 2).put("b", 1))));
      assertThat(remove.getLong("v")).isEqualTo(3);

      JsonObject first = bob.next();
      JsonObject second = bob.next();
      assertThat(first.getJsonArray("op").getJsonObject(0).getJsonArray("rm")).isEmpty();
      // Alice's own earlier add, though made after the remove's base: same src.
      assertThat(second.getJsonArray("op").getJsonObject(0).getJsonArray("rm")).containsExactly(2);
      assertThat(second.getString("src")).isEqualTo("alice");

      JsonObject catchUp = bob.request(new JsonObject().put("t", "sub").put("doc", "crdt/ws").put("v", 1));
      assertThat(catchUp.getJsonArray("ops")).hasSize(2);

      // A subscribed author that asks for it ("echo") gets the op as committed in its ack.
      alice.request(new JsonObject().put("t", "sub").put("doc", "crdt/ws"));
      JsonObject echoed = alice.request(op(3, 3, c("tags", "add", "x"), c("tags", "remove", "y")).put("echo", true));
      assertThat(echoed.getLong("v")).isEqualTo(4);
      assertThat(echoed.getJsonArray("op")).isEqualTo(new JsonArray()
          .add(c("tags", "add", "x").put("rm", new JsonArray())).add(c("tags", "remove", "y").put("rm", new JsonArray())));
      JsonObject plain = alice.request(op(4, 4, c("n", "inc", 1)));
      assertThat(plain.containsKey("op")).as("no echo asked, none given").isFalse();
    }
  }

  @Test
  void badOpsGetTheirCodeAndChangeNothing() {
    http.put("/docs/crdt%2Fbad", "{\"type\":\"crdt\",\"data\":{}}");
    post("crdt%2Fbad", 1, c("n", "inc", 1));
    assertThat(http.put("/docs/crdt%2Fbad2", "{\"type\":\"crdt\",\"data\":{\"n\":1}}").json().getString("code")).isEqualTo("bad_request");
    assertCode(post("crdt%2Fbad", 2, c("n", "add", "x")), 422, "invalid_op");
    assertCode(post("crdt%2Fbad", 2, c("n", "inc", 1.5)), 400, "bad_request");
    assertCode(post("crdt%2Fbad", 9, c("n", "inc", 1)), 400, "version_ahead");
    assertCode(post("crdt%2Fbad", 2, c("s", "add", "x".repeat(20_000))), 413, "too_large");
    Random random = new Random(15);
    List<Object> junk = List.of(1, "x", new JsonArray(), new JsonObject(), 2.5, true, new JsonArray().add("n").add(0));
    for (int i = 0; i < 200; i++) {
      JsonObject component = new JsonObject();
      for (String key : List.of("p", "inc", "set", "add", "remove", "t", "rm")) {
        if (random.nextInt(3) == 0) {
          component.put(key, junk.get(random.nextInt(junk.size())));
        }
      }
      Response refused = post("crdt%2Fbad", 2, component);
      if (refused.status() != 200) {
        assertThat(refused.json().getString("code")).as("%s", component).isIn("bad_request", "invalid_op", "too_large");
      }
    }
    JsonObject value = http.get("/docs/crdt%2Fbad").json().getJsonObject("value");
    assertThat(value.getLong("n")).as("%s", value).isGreaterThanOrEqualTo(1);
  }

  private static JsonObject op(long base, long seq, JsonObject... components) {
    return new JsonObject().put("t", "op").put("doc", "crdt/ws").put("v", base).put("src", "alice").put("seq", seq)
        .put("op", new JsonArray(List.of((Object[]) components)));
  }

  private static void assertCode(Response response, int status, String code) {
    assertThat(response.status()).as("%s", response).isEqualTo(status);
    assertThat(response.json().getString("code")).isEqualTo(code);
  }
}
