package io.lockstep.sync.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.common.auth.JwtTokenVerifier;
import io.lockstep.common.config.LockstepConfig;
import io.lockstep.common.testing.TestTokens;
import io.lockstep.sync.testing.RawWebSocket;
import io.lockstep.sync.testing.SyncTestServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 13 item 4 on /sync (docs/protocol.md, token refresh): a connection whose token is past
 * {@code exp} plus the grace gets {@code err unauthorized} and close 4001 and no more ops; one that
 * sent {@code auth} with a fresh token in time keeps streaming; a refreshed token's rights apply to
 * the subscriptions already open; a refused {@code auth} changes nothing.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class TokenRefreshTest {
  private static final long GRACE_MS = JwtTokenVerifier.LEEWAY_SECONDS * 1000L;
  private static Vertx vertx;
  private static TestTokens tokens;
  private static SyncTestServer server;
  private static RawWebSocket admin;
  private static long seq;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    tokens = TestTokens.hs256(vertx);
    server = SyncTestServer.start(LockstepConfig.defaults().withAuth(tokens.authConfig()));
    admin = RawWebSocket.connect(server.port());
    assertThat(admin.request(new JsonObject().put("t", "hello").put("src", "admin-1")
        .put("token", tokens.allRights("admin"))).getString("t")).isEqualTo("welcome");
    for (String doc : List.of("live/1", "notes/1", "other/1", "bad/1")) {
      assertThat(admin.request(new JsonObject().put("t", "create").put("doc", doc).put("type", "text-unicode")
          .put("data", "")).getString("t")).isEqualTo("ack");
    }
  }

  @AfterAll
  static void stop() {
    admin.close();
    server.close();
    vertx.close().await();
  }

  @Test
  void anExpiredConnectionIsClosedWith4001WhileARefreshedOneKeepsStreaming() {
    try (RawWebSocket expiring = RawWebSocket.connect(server.port());
        RawWebSocket refreshed = RawWebSocket.connect(server.port())) {
      long before = System.currentTimeMillis();
      JsonObject welcome = hello(expiring, tokens.token("eve", TestTokens.rights().read("*"), Duration.ofSeconds(1)));
      long exp = welcome.getLong("exp");
      assertThat(exp).as("welcome carries the token's exp").isBetween(before - 1_000, before + 2_000);
      hello(refreshed, tokens.token("rose", TestTokens.rights().read("*"), Duration.ofSeconds(1)));
      subscribe(expiring, "live/1");
      subscribe(refreshed, "live/1");

      JsonObject authed = refreshed.request(new JsonObject().put("t", "auth")
          .put("token", tokens.token("rose", TestTokens.rights().read("*"), Duration.ofHours(1))));
      assertThat(authed.getString("t")).isEqualTo("authed");
      assertThat(authed.getLong("exp")).isGreaterThan(System.currentTimeMillis() + 3_000_000);

      commit("live/1");
      JsonObject first = expiring.next();
      assertThat(first.getString("t")).as("ops flow before expiry: %s", first).isEqualTo("op");
      assertThat(refreshed.next().getString("t")).isEqualTo("op");

      List<JsonObject> last = new ArrayList<>();
      long deadline = System.currentTimeMillis() + 20_000;
      while (expiring.closeCode() == null && System.currentTimeMillis() < deadline) {
        JsonObject frame = expiring.next(200);
        if (frame != null) {
          last.add(frame);
        } else if (expiring.closeCode() == null) {
          commit("live/1"); // keep ops flowing: none may reach the expired connection
        }
      }
      long closedAt = System.currentTimeMillis();
      assertThat(expiring.closeCode()).isEqualTo(4001);
      assertThat(closedAt).as("closed only after exp + grace").isGreaterThanOrEqualTo(exp + GRACE_MS - 100);
      assertThat(last).isNotEmpty();
      JsonObject err = last.get(last.size() - 1);
      assertThat(err.getString("code")).isEqualTo("unauthorized");
      assertThat(err.getString("msg")).isEqualTo("token expired");

      while (refreshed.next(100) != null) {
        // the ops sent while waiting
      }
      commit("live/1");
      JsonObject streamed = refreshed.next();
      assertThat(streamed.getString("t")).as("the refreshed connection still streams: %s", streamed).isEqualTo("op");
      assertThat(refreshed.closeCode()).isNull();
    }
  }

  @Test
  void aRefreshedTokenEndsTheSubscriptionsItNoLongerGrants() {
    try (RawWebSocket client = RawWebSocket.connect(server.port())) {
      hello(client, tokens.token("ada", TestTokens.rights().read("*")));
      subscribe(client, "notes/1");
      subscribe(client, "other/1");
      client.sendJson(new JsonObject().put("t", "auth").put("id", 7)
          .put("token", tokens.token("ada", TestTokens.rights().read("notes/*"))));
      JsonObject revoked = client.next();
      assertThat(revoked.getString("t")).isEqualTo("err");
      assertThat(revoked.getString("doc")).isEqualTo("other/1");
      assertThat(revoked.getString("code")).isEqualTo("forbidden");
      assertThat(revoked.getBoolean("unsub")).isTrue();
      assertThat(client.next().getString("t")).isEqualTo("authed");

      commit("other/1");
      commit("notes/1");
      JsonObject op = client.next();
      assertThat(op.getString("doc")).as("only the document still granted streams").isEqualTo("notes/1");
      assertThat(client.next(300)).isNull();
    }
  }

  @Test
  void aRefusedAuthIsAnErrorAndKeepsThePreviousRights() {
    try (RawWebSocket client = RawWebSocket.connect(server.port())) {
      hello(client, tokens.token("bob", TestTokens.rights().read("*")));
      for (String bad : List.of("not-a-jwt", tokens.expired("bob", TestTokens.rights().read("*")),
          TestTokens.hs256(vertx, "another-secret-of-at-least-32-bytes!!").allRights("bob"))) {
        JsonObject reply = client.request(new JsonObject().put("t", "auth").put("token", bad));
        assertThat(reply.getString("code")).isEqualTo("unauthorized");
      }
      assertThat(client.request(new JsonObject().put("t", "auth")).getString("code")).isEqualTo("bad_request");
      assertThat(subscribe(client, "bad/1").getString("t")).isEqualTo("snapshot");
    }
  }

  @Test
  void withoutAuthenticationWelcomeHasNoExp() {
    try (SyncTestServer open = SyncTestServer.start(); RawWebSocket client = RawWebSocket.connect(open.port())) {
      JsonObject welcome = client.request(new JsonObject().put("t", "hello").put("src", "open-1"));
      assertThat(welcome.containsKey("exp")).isFalse();
      JsonObject authed = client.request(new JsonObject().put("t", "auth").put("token", "anything"));
      assertThat(authed.getString("t")).isEqualTo("authed");
      assertThat(authed.containsKey("exp")).isFalse();
    }
  }

  private static JsonObject hello(RawWebSocket client, String token) {
    JsonObject welcome = client.request(new JsonObject().put("t", "hello").put("token", token));
    assertThat(welcome.getString("t")).isEqualTo("welcome");
    return welcome;
  }

  private static JsonObject subscribe(RawWebSocket client, String doc) {
    JsonObject snapshot = client.request(new JsonObject().put("t", "sub").put("doc", doc));
    assertThat(snapshot.getString("t")).isEqualTo("snapshot");
    return snapshot;
  }

  private static void commit(String doc) {
    admin.sendJson(new JsonObject().put("t", "op").put("doc", doc).put("v", 1).put("seq", ++seq)
        .put("op", new JsonArray().add("x")));
  }
}
