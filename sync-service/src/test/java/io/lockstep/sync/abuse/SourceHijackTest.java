package io.lockstep.sync.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.common.config.LockstepConfig;
import io.lockstep.common.testing.HttpTestClient;
import io.lockstep.common.testing.TestTokens;
import io.lockstep.sync.testing.RawWebSocket;
import io.lockstep.sync.testing.SyncTestServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 13 item 3, as the attack was seen: bob (another {@code sub}) reads alice's {@code src} off
 * the document's ops and submits with it and her next {@code seq}. Before the fix his op took her
 * seq and her own next op was acked as a duplicate and never applied. Now his op is refused with
 * {@code forbidden} (over WebSocket, HTTP and {@code /sharedb}, whose ops carry the token's user
 * too, as {@code ERR_LOCKSTEP_FORBIDDEN}) and hers is applied.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SourceHijackTest {
  private static final String DOC = "shared/1";
  private static final String SHAREDB_COLLECTION = "shared";
  private static final String SHAREDB_ID = "hijack";
  private static Vertx vertx;
  private static TestTokens tokens;
  private static SyncTestServer server;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    tokens = TestTokens.hs256(vertx);
    server = SyncTestServer.start(LockstepConfig.defaults().withAuth(tokens.authConfig()));
  }

  @AfterAll
  static void stop() {
    server.close();
    vertx.close().await();
  }

  @Test
  void anotherUsersSrcAndNextSeqAreRefusedAndTheOwnersOpIsApplied() {
    String aliceToken = tokens.token("alice", TestTokens.rights().read("shared/*").write("shared/*"));
    String bobToken = tokens.token("bob", TestTokens.rights().read("shared/*").write("shared/*"));
    try (RawWebSocket alice = RawWebSocket.connect(server.port());
        RawWebSocket bob = RawWebSocket.connect(server.port())) {
      hello(alice, "alice-tab", aliceToken);
      hello(bob, "bob-tab", bobToken);
      assertThat(alice.request(new JsonObject().put("t", "create").put("doc", DOC).put("type", "text-unicode")
          .put("data", "")).getString("t")).isEqualTo("ack");
      JsonObject first = alice.request(op(1, 1, "alice-one;"));
      assertThat(first.getString("t")).as("%s", first).isEqualTo("ack");
      assertThat(first.getLong("v")).isEqualTo(2);

      // bob, over WebSocket: alice's src, her next seq.
      JsonObject forged = bob.request(op(2, 2, "BOB;").put("src", "alice-tab"));
      assertThat(forged.getString("t")).as("%s", forged).isEqualTo("err");
      assertThat(forged.getString("code")).isEqualTo("forbidden");
      assertThat(forged.getString("msg")).doesNotContain("alice;").doesNotContain("alice-one");
      // bob, over HTTP: the same, and a replay of her first op.
      HttpTestClient http = new HttpTestClient(server.port());
      HttpTestClient.Response viaHttp = http.send("POST", "/docs/" + DOC + "/ops",
          op(1, 2, "BOB-HTTP;").put("src", "alice-tab").encode(), bobToken);
      assertThat(viaHttp.status()).as("%s", viaHttp).isEqualTo(403);

      JsonObject second = alice.request(op(2, 2, "alice-two;"));
      assertThat(second.getString("t")).as("alice's op is applied, not acked as a duplicate: %s", second)
          .isEqualTo("ack");
      assertThat(second.getLong("v")).isEqualTo(3);
      JsonObject snapshot = http.send("GET", "/docs/" + DOC, null, aliceToken).json();
      assertThat(snapshot.getLong("v")).isEqualTo(3);
      assertThat(snapshot.getString("data")).isEqualTo("alice-two;alice-one;").doesNotContain("BOB");

      // bob's own src still works for him.
      JsonObject own = bob.request(op(3, 1, "bob;").put("src", "bob-tab"));
      assertThat(own.getString("t")).as("%s", own).isEqualTo("ack");
    }
  }

  @Test
  void aSeqPast2To53Minus1IsRefused() {
    try (RawWebSocket client = RawWebSocket.connect(server.port())) {
      hello(client, "big-seq", tokens.allRights("carol"));
      client.request(new JsonObject().put("t", "create").put("doc", "shared/big").put("type", "text-unicode")
          .put("data", ""));
      JsonObject refused = client.request(new JsonObject().put("t", "op").put("doc", "shared/big").put("v", 1)
          .put("seq", 9_007_199_254_740_992L).put("op", new JsonArray().add("x")));
      assertThat(refused.getString("code")).as("%s", refused).isEqualTo("bad_request");
      JsonObject largest = client.request(new JsonObject().put("t", "op").put("doc", "shared/big").put("v", 1)
          .put("seq", 9_007_199_254_740_991L).put("op", new JsonArray().add("x")));
      assertThat(largest.getString("t")).as("%s", largest).isEqualTo("ack");
    }
  }

  private static void hello(RawWebSocket client, String src, String token) {
    JsonObject welcome = client.request(new JsonObject().put("t", "hello").put("src", src).put("token", token));
    assertThat(welcome.getString("t")).as("%s", welcome).isEqualTo("welcome");
  }

  private static JsonObject op(long v, long seq, String insert) {
    return new JsonObject().put("t", "op").put("doc", DOC).put("v", v).put("seq", seq)
        .put("op", new JsonArray().add(insert));
  }

  @Test
  void overShareDbTooAnotherUsersSrcIsRefusedAndTheOwnersOpIsApplied() {
    String aliceToken = tokens.token("alice", TestTokens.rights().read("shared/*").write("shared/*"));
    String bobToken = tokens.token("bob", TestTokens.rights().read("shared/*").write("shared/*"));
    try (RawWebSocket alice = shareDb(aliceToken, "alice-tab");
        RawWebSocket bob = shareDb(bobToken, "bob-tab")) {
      JsonObject created = reply(alice, new JsonObject().put("a", "op").put("c", SHAREDB_COLLECTION).put("d", SHAREDB_ID)
          .put("v", 0).put("src", "alice-tab").put("seq", 1)
          .put("create", new JsonObject().put("type", "text-unicode").put("data", "")));
      assertThat(created.containsKey("error")).as("%s", created).isFalse();
      JsonObject first = reply(alice, shareDbOp("alice-tab", 2, 1, "alice-one;"));
      assertThat(first.containsKey("error")).as("%s", first).isFalse();

      JsonObject forged = reply(bob, shareDbOp("alice-tab", 3, 2, "BOB;"));
      assertThat(forged.getJsonObject("error")).as("%s", forged).isNotNull();
      assertThat(forged.getJsonObject("error").getString("code")).isEqualTo("ERR_LOCKSTEP_FORBIDDEN");

      JsonObject second = reply(alice, shareDbOp("alice-tab", 3, 2, "alice-two;"));
      assertThat(second.containsKey("error")).as("%s", second).isFalse();
      assertThat(second.getLong("v")).as("alice's op is applied, not acked as a duplicate: %s", second)
          .isEqualTo(2);
      JsonObject snapshot = new HttpTestClient(server.port())
          .send("GET", "/docs/" + SHAREDB_COLLECTION + "/" + SHAREDB_ID, null, aliceToken).json();
      assertThat(snapshot.getString("data")).isEqualTo("alice-two;alice-one;").doesNotContain("BOB");
    }
  }

  private static RawWebSocket shareDb(String token, String clientId) {
    RawWebSocket ws = RawWebSocket.connect(server.port(), "/sharedb?token=" + token, Map.of(), 0);
    assertThat(ws.status()).isEqualTo(101);
    JsonObject hs = reply(ws, new JsonObject().put("a", "hs").put("id", clientId).put("protocol", 1)
        .put("protocolMinor", 2));
    assertThat(hs.getString("id")).as("%s", hs).isEqualTo(clientId);
    return ws;
  }

  /** Sends {@code message} and returns the next message of the same action (the reply; nothing else is open). */
  private static JsonObject reply(RawWebSocket ws, JsonObject message) {
    ws.sendJson(message);
    for (int i = 0; i < 10; i++) {
      JsonObject next = ws.next();
      if (message.getString("a").equals(next.getString("a"))) {
        return next;
      }
    }
    throw new AssertionError("no reply to " + message.encode());
  }

  private static JsonObject shareDbOp(String src, long seq, long v, String insert) {
    return new JsonObject().put("a", "op").put("c", SHAREDB_COLLECTION).put("d", SHAREDB_ID).put("v", v).put("src", src)
        .put("seq", seq).put("op", new JsonArray().add(insert));
  }
}
