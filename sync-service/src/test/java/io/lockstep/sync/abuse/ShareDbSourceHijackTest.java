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
 * {@link SourceHijackTest}'s attack over {@code /sharedb}: bob submits with alice's client id as
 * {@code src} and her next {@code seq}. Before ShareDB ops carried the token's user, his op took her
 * seq and her own op was acknowledged as a duplicate and never applied; now his is refused with
 * {@code ERR_LOCKSTEP_FORBIDDEN} and hers is applied.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ShareDbSourceHijackTest {
  private static final String COLLECTION = "shared";
  private static final String ID = "hijack";
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
    try (RawWebSocket alice = shareDb(aliceToken, "alice-tab");
        RawWebSocket bob = shareDb(bobToken, "bob-tab")) {
      JsonObject created = reply(alice, new JsonObject().put("a", "op").put("c", COLLECTION).put("d", ID)
          .put("v", 0).put("src", "alice-tab").put("seq", 1)
          .put("create", new JsonObject().put("type", "text-unicode").put("data", "")));
      assertThat(created.containsKey("error")).as("%s", created).isFalse();
      JsonObject first = reply(alice, op("alice-tab", 2, 1, "alice-one;"));
      assertThat(first.containsKey("error")).as("%s", first).isFalse();

      JsonObject forged = reply(bob, op("alice-tab", 3, 2, "BOB;"));
      assertThat(forged.getJsonObject("error")).as("%s", forged).isNotNull();
      assertThat(forged.getJsonObject("error").getString("code")).isEqualTo("ERR_LOCKSTEP_FORBIDDEN");

      JsonObject second = reply(alice, op("alice-tab", 3, 2, "alice-two;"));
      assertThat(second.containsKey("error")).as("%s", second).isFalse();
      assertThat(second.getLong("v")).as("alice's op is applied, not acked as a duplicate: %s", second)
          .isEqualTo(2);
      JsonObject snapshot = new HttpTestClient(server.port())
          .send("GET", "/docs/" + COLLECTION + "/" + ID, null, aliceToken).json();
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

  private static JsonObject op(String src, long seq, long v, String insert) {
    return new JsonObject().put("a", "op").put("c", COLLECTION).put("d", ID).put("v", v).put("src", src)
        .put("seq", seq).put("op", new JsonArray().add(insert));
  }
}
