package io.lockstep.sync.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.common.testing.HttpTestClient;
import io.lockstep.sync.testing.SyncTestServer;
import io.lockstep.sync.testing.WsTestClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Deleting a document through {@code /sync} ({@code del}) and HTTP ({@code DELETE}), and reading it
 * at an earlier version with the {@code snap} frame: subscribers see the deletion, every API sees the
 * document gone, a resent deletion is answered once, edits of a deleted document are refused, and it
 * can be created again, with its history readable across the deletion.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DeletionTest {
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

  private static JsonObject hello(WsTestClient client, String src) {
    return client.request(new JsonObject().put("t", "hello").put("src", src));
  }

  @Test
  void aDeletionOverSyncReachesSubscribersAndEveryApiAndIsAnsweredOnce() {
    try (WsTestClient alice = WsTestClient.connect(server.port()); WsTestClient bob = WsTestClient.connect(server.port())) {
      hello(alice, "del-alice");
      hello(bob, "del-bob");
      alice.request(new JsonObject().put("t", "create").put("doc", "del/1").put("type", "json0")
          .put("data", new JsonObject().put("n", 1)).put("seq", 1));
      assertThat(bob.request(new JsonObject().put("t", "sub").put("doc", "del/1")).getLong("v")).isEqualTo(1);

      JsonObject ack = alice.request(new JsonObject().put("t", "del").put("doc", "del/1").put("seq", 2));
      assertThat(ack.getString("t")).as("%s", ack).isEqualTo("ack");
      assertThat(ack.getLong("v")).isEqualTo(2);
      JsonObject pushed = bob.next();
      assertThat(pushed.getString("t")).isEqualTo("op");
      assertThat(pushed.getBoolean("del")).isTrue();
      assertThat(pushed.getLong("v")).isEqualTo(2);

      JsonObject again = alice.request(new JsonObject().put("t", "del").put("doc", "del/1").put("seq", 2));
      assertThat(again.getLong("v")).as("a resent deletion keeps its version").isEqualTo(2);
      JsonObject other = alice.request(new JsonObject().put("t", "del").put("doc", "del/1").put("seq", 3));
      assertThat(other.getString("code")).isEqualTo("not_found");

      assertThat(http.get("/docs/del%2F1").status()).isEqualTo(404);
      JsonObject edit = alice.request(new JsonObject().put("t", "op").put("doc", "del/1").put("v", 2).put("seq", 4)
          .put("op", new JsonArray().add(new JsonObject().put("p", new JsonArray().add("n")).put("na", 1))));
      assertThat(edit.getString("code")).isEqualTo("not_found");
      JsonObject snapshot = alice.request(new JsonObject().put("t", "sub").put("doc", "del/1"));
      assertThat(snapshot.getLong("v")).isEqualTo(2);
      assertThat(snapshot.getValue("type")).isNull();

      JsonObject recreated = alice.request(new JsonObject().put("t", "create").put("doc", "del/1").put("type", "text-unicode")
          .put("data", "new").put("seq", 5));
      assertThat(recreated.getLong("v")).isEqualTo(3);
      JsonObject before = alice.request(new JsonObject().put("t", "snap").put("doc", "del/1").put("v", 1));
      assertThat(before.getString("t")).isEqualTo("snapshot");
      assertThat(before.getJsonObject("data")).isEqualTo(new JsonObject().put("n", 1));
      JsonObject gone = alice.request(new JsonObject().put("t", "snap").put("doc", "del/1").put("v", 2));
      assertThat(gone.getValue("type")).isNull();
      assertThat(alice.request(new JsonObject().put("t", "snap").put("doc", "del/1").put("v", 9)).getString("code"))
          .isEqualTo("version_ahead");
    }
  }

  @Test
  void deleteOverHttpNeedsAnExistingDocumentAndAnswersAResentOneOnce() {
    assertThat(http.put("/docs/del%2Fhttp", "{\"type\":\"json0\",\"data\":{}}").status()).isEqualTo(201);
    HttpTestClient.Response deleted = http.send("DELETE", "/docs/del%2Fhttp", "{\"src\":\"http-del\",\"seq\":1}", null);
    assertThat(deleted.status()).as("%s", deleted).isEqualTo(200);
    assertThat(deleted.json().getLong("v")).isEqualTo(2);
    assertThat(http.send("DELETE", "/docs/del%2Fhttp", "{\"src\":\"http-del\",\"seq\":1}", null).json().getLong("v")).isEqualTo(2);
    HttpTestClient.Response missing = http.send("DELETE", "/docs/del%2Fhttp", null, null);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(http.send("DELETE", "/docs/del%2Fnever", null, null).status()).isEqualTo(404);
    assertThat(http.send("DELETE", "/docs/del%2Fhttp", "{\"src\":\"bad src\",\"seq\":1}", null).status()).isEqualTo(400);
    assertThat(http.get("/docs/del%2Fhttp?v=1").json()).isEqualTo(new JsonObject().put("v", 1).put("type", "json0")
        .put("data", new JsonObject()));
    assertThat(http.put("/docs/del%2Fhttp", "{\"type\":\"json0\",\"data\":{\"again\":true}}").json().getLong("v")).isEqualTo(3);
  }
}
