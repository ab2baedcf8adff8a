package io.lockstep.sync.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.sync.testing.SyncTestServer;
import io.lockstep.sync.testing.WsTestClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The request/reply flows of PROTOCOL.md §1 over a real WebSocket. */
class SyncProtocolTest {
  private static SyncTestServer server;

  @BeforeAll
  static void startServer() {
    server = SyncTestServer.start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  private static JsonObject hello(WsTestClient client, String src) {
    return client.request(new JsonObject().put("t", "hello").put("src", src));
  }

  @Test
  void helloIsWelcomedWithNodeAndHeartbeat() {
    try (WsTestClient client = WsTestClient.connect(server.port())) {
      JsonObject welcome = hello(client, "c-hello");
      assertThat(welcome.getString("t")).isEqualTo("welcome");
      assertThat(welcome.getString("node")).isEqualTo("node-1");
      assertThat(welcome.getInteger("heartbeat")).isPositive();
    }
  }

  @Test
  void subscribingToAMissingDocumentGivesVersionZeroAndNullType() {
    try (WsTestClient client = WsTestClient.connect(server.port())) {
      JsonObject snapshot = client.request(new JsonObject().put("t", "sub").put("doc", "missing/1"));
      assertThat(snapshot.getString("t")).isEqualTo("snapshot");
      assertThat(snapshot.getLong("v")).isZero();
      assertThat(snapshot.getValue("type")).isNull();
    }
  }

  @Test
  void opIsAckedToItsAuthorAndPushedToOtherSubscribers() {
    try (WsTestClient alice = WsTestClient.connect(server.port());
         WsTestClient bob = WsTestClient.connect(server.port())) {
      hello(alice, "alice-1");
      hello(bob, "bob-1");
      JsonObject created = alice.request(new JsonObject().put("t", "create").put("doc", "smoke/1")
          .put("type", "json0").put("data", new JsonObject().put("items", new JsonArray())).put("seq", 1));
      assertThat(created.getString("t")).isEqualTo("ack");
      assertThat(created.getLong("v")).isEqualTo(1);

      assertThat(bob.request(new JsonObject().put("t", "sub").put("doc", "smoke/1")).getLong("v")).isEqualTo(1);
      assertThat(alice.request(new JsonObject().put("t", "sub").put("doc", "smoke/1")).getLong("v")).isEqualTo(1);

      JsonObject ack = alice.request(new JsonObject().put("t", "op").put("doc", "smoke/1").put("v", 1).put("seq", 2)
          .put("op", new JsonArray().add(new JsonObject().put("p", new JsonArray().add("items").add(0)).put("li", "milk"))));
      assertThat(ack.getString("t")).isEqualTo("ack");
      assertThat(ack.getLong("v")).isEqualTo(2);

      JsonObject pushed = bob.next();
      assertThat(pushed.getString("t")).isEqualTo("op");
      assertThat(pushed.getLong("v")).isEqualTo(2);
      assertThat(pushed.getString("src")).isEqualTo("alice-1");
      assertThat(alice.poll(200)).as("the author gets the ack, not its own op").isNull();
    }
  }

  @Test
  void resubmittedOpIsAckedWithItsOriginalVersion() {
    try (WsTestClient client = WsTestClient.connect(server.port())) {
      hello(client, "resubmitter");
      client.request(new JsonObject().put("t", "create").put("doc", "smoke/2").put("type", "text-unicode").put("data", "ab"));
      JsonObject op = new JsonObject().put("t", "op").put("doc", "smoke/2").put("v", 1).put("seq", 7)
          .put("op", new JsonArray().add(1).add("X"));
      assertThat(client.request(op).getLong("v")).isEqualTo(2);
      assertThat(client.request(op).getLong("v")).isEqualTo(2);
      JsonObject snapshot = client.request(new JsonObject().put("t", "sub").put("doc", "smoke/2"));
      assertThat(snapshot.getString("data")).isEqualTo("aXb");
      assertThat(snapshot.getLong("v")).isEqualTo(2);
    }
  }

  @Test
  void catchUpFromAVersionSendsTheOpsAfterIt() {
    try (WsTestClient client = WsTestClient.connect(server.port())) {
      hello(client, "catcher");
      client.request(new JsonObject().put("t", "create").put("doc", "smoke/3").put("type", "text-unicode").put("data", ""));
      for (int i = 0; i < 3; i++) {
        client.request(new JsonObject().put("t", "op").put("doc", "smoke/3").put("v", 1 + i).put("seq", 10 + i)
            .put("op", new JsonArray().add("x")));
      }
      JsonObject ops = client.request(new JsonObject().put("t", "sub").put("doc", "smoke/3").put("v", 2));
      assertThat(ops.getString("t")).isEqualTo("ops");
      assertThat(ops.getJsonArray("ops").stream().map(o -> ((JsonObject) o).getLong("v")).toList()).containsExactly(3L, 4L);
    }
  }

  @Test
  void malformedFrameGetsAnErrorAndTheConnectionKeepsWorking() {
    try (WsTestClient client = WsTestClient.connect(server.port())) {
      client.sendText("{not json");
      JsonObject err = client.next();
      assertThat(err.getString("t")).isEqualTo("err");
      assertThat(err.getString("code")).isEqualTo("bad_request");
      assertThat(client.request(new JsonObject().put("t", "ping")).getString("t")).isEqualTo("pong");
    }
  }
}
