package io.lockstep.presence.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.common.config.LockstepConfig;
import io.lockstep.common.config.PresenceConfig;
import io.lockstep.common.testing.TestTokens;
import io.lockstep.presence.testing.PresenceClient;
import io.lockstep.presence.testing.PresenceTestServer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Who may join what (the token's {@code presence} patterns, {@code sub} as the user), over WebSocket
 * and HTTP, the Origin allow-list, and the per-connection limits: meta rate, rooms per connection,
 * members per room, meta size.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AuthAndLimitsTest {
  private Vertx clients;
  private WebSocketClient ws;
  private TestTokens tokens;

  @BeforeEach
  void start() {
    clients = Vertx.vertx();
    ws = clients.createWebSocketClient();
    tokens = TestTokens.hs256(clients);
  }

  @AfterEach
  void stop() {
    clients.close().await();
  }

  private LockstepConfig withAuth() {
    return LockstepConfig.defaults().withAuth(tokens.authConfig());
  }

  @Test
  void theTokensPresencePatternsDecideWhichRoomsAConnectionMayJoin() {
    try (PresenceTestServer server = PresenceTestServer.start(withAuth())) {
      PresenceClient client = PresenceClient.connect(ws, server.port());
      assertThat(code(client.join("doc:a", null, null))).as("before hello").isEqualTo("unauthorized");
      assertThat(code(client.request(new JsonObject().put("t", "hello").put("token", "not-a-jwt")))).isEqualTo("unauthorized");
      assertThat(code(client.request(new JsonObject().put("t", "hello").put("token",
          tokens.expired("ada", TestTokens.rights().presence("*")))))).isEqualTo("unauthorized");

      client.hello(tokens.token("ada", TestTokens.rights().presence("doc:notes/*", "lobby").read("*")));
      assertThat(client.join("doc:notes/1", null, null).getString("t")).isEqualTo("members");
      assertThat(client.join("lobby", "ada", null).getString("t")).isEqualTo("members");
      assertThat(code(client.join("lobby2", null, null))).isEqualTo("forbidden");
      assertThat(code(client.join("doc:other", null, null))).as("read rights do not grant presence").isEqualTo("forbidden");
      assertThat(code(client.join("doc:notes/2", "bob", null))).as("a user other than the token's sub").isEqualTo("forbidden");
    }
  }

  @Test
  void withAuthTheUserIsTheTokensSub() {
    try (PresenceTestServer server = PresenceTestServer.start(withAuth())) {
      PresenceClient client = PresenceClient.connect(ws, server.port());
      client.hello(tokens.token("ada", TestTokens.rights().presence("*")));
      JsonObject members = client.join("room", null, null);
      assertThat(members.getJsonArray("members").getJsonObject(0).getString("user")).isEqualTo("ada");
    }
  }

  @Test
  void httpNeedsATokenWithThePresenceRightInTheHeaderOrTheQuery() {
    try (PresenceTestServer server = PresenceTestServer.start(withAuth())) {
      HttpClient http = clients.createHttpClient();
      String good = tokens.token("ada", TestTokens.rights().presence("room"));
      String other = tokens.token("ada", TestTokens.rights().presence("elsewhere"));
      assertThat(status(http, server.port(), "/presence/room", null)).isEqualTo(401);
      assertThat(status(http, server.port(), "/presence/room", good)).isEqualTo(200);
      assertThat(status(http, server.port(), "/presence/room?token=" + good, null)).isEqualTo(200);
      assertThat(status(http, server.port(), "/presence/room", other)).isEqualTo(403);
    }
  }

  @Test
  void anOriginOutsideTheAllowListIsRefused() {
    LockstepConfig config = LockstepConfig.defaults().withAllowedOrigins(List.of("https://app.example.com"));
    try (PresenceTestServer server = PresenceTestServer.start(config)) {
      PresenceClient allowed = PresenceClient.connect(ws, server.port(), Map.of("Origin", "https://app.example.com"));
      assertThat(allowed.hello(null).getString("t")).isEqualTo("welcome");
      int refused = clients.createHttpClient().request(HttpMethod.GET, server.port(), "127.0.0.1", "/presence")
          .compose(req -> req.putHeader("Origin", "https://evil.example.com").putHeader("Upgrade", "websocket")
              .putHeader("Connection", "Upgrade").putHeader("Sec-WebSocket-Version", "13")
              .putHeader("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==").send())
          .await().statusCode();
      assertThat(refused).isEqualTo(403);
    }
  }

  @Test
  void aMemberWhoFloodsMetaIsRateLimitedAndKeepsItsLatestMeta() {
    PresenceConfig d = PresenceConfig.DEFAULTS;
    LockstepConfig config = LockstepConfig.defaults().withPresence(new PresenceConfig(d.ttlMs(), d.sweepMs(), 50, 10, 20,
        d.maxRooms(), d.maxMembers(), d.maxMetaBytes()));
    try (PresenceTestServer server = PresenceTestServer.start(config)) {
      PresenceClient flooder = PresenceClient.connect(ws, server.port());
      flooder.hello(null);
      flooder.join("room", "flood", null);
      for (int i = 0; i < 100; i++) {
        flooder.send(new JsonObject().put("t", "meta").put("id", i).put("room", "room").put("meta", new JsonObject().put("i", i)));
      }
      List<JsonObject> errors = flooder.drain(500);
      assertThat(errors).isNotEmpty().allMatch(f -> "rate_limited".equals(f.getString("code")));
      assertThat(errors.size()).as("refused beyond the burst of 20").isBetween(70, 80);
      assertThat(flooder.request(new JsonObject().put("t", "ping")).getString("t")).as("still usable").isEqualTo("pong");
    }
  }

  @Test
  void roomsPerConnectionMembersPerRoomAndMetaSizeAreBounded() {
    PresenceConfig d = PresenceConfig.DEFAULTS;
    LockstepConfig config = LockstepConfig.defaults().withPresence(new PresenceConfig(d.ttlMs(), d.sweepMs(),
        d.metaTickMs(), d.metaPerSecond(), d.metaBurst(), 2, 2, 64));
    try (PresenceTestServer server = PresenceTestServer.start(config)) {
      PresenceClient a = PresenceClient.connect(ws, server.port());
      a.hello(null);
      a.join("r1", "a", null);
      a.join("r2", "a", null);
      assertThat(code(a.join("r3", "a", null))).isEqualTo("too_large");
      assertThat(a.join("r1", "a", new JsonObject().put("again", true)).getString("t")).as("joining a room again").isEqualTo("members");
      assertThat(code(a.join("r1", "a", new JsonObject().put("pad", "x".repeat(100))))).isEqualTo("too_large");

      PresenceClient b = PresenceClient.connect(ws, server.port());
      b.hello(null);
      PresenceClient c = PresenceClient.connect(ws, server.port());
      c.hello(null);
      assertThat(b.join("r1", "b", null).getString("t")).isEqualTo("members");
      assertThat(code(c.join("r1", "c", null))).as("a full room").isEqualTo("unavailable");
      assertThat(code(c.request(new JsonObject().put("t", "meta").put("room", "r1").put("meta", new JsonObject()))))
          .as("meta in a room one is not in").isEqualTo("not_found");
    }
  }

  private static String code(JsonObject reply) {
    assertThat(reply.getString("t")).as("%s", reply.encode()).isEqualTo("err");
    return reply.getString("code");
  }

  private static int status(HttpClient http, int port, String uri, String bearer) {
    return http.request(HttpMethod.GET, port, "127.0.0.1", uri).compose(req -> {
      if (bearer != null) {
        req.putHeader("Authorization", "Bearer " + bearer);
      }
      return req.send();
    }).await().statusCode();
  }
}
