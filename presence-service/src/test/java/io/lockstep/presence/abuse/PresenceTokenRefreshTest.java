package io.lockstep.presence.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.common.auth.JwtTokenVerifier;
import io.lockstep.common.config.ConnectionLimits;
import io.lockstep.common.config.LockstepConfig;
import io.lockstep.common.testing.TestTokens;
import io.lockstep.presence.testing.PresenceClient;
import io.lockstep.presence.testing.PresenceTestServer;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 13 item 4 on {@code /presence} (docs/protocol.md, token refresh), and its hello timeout: a
 * connection whose token is past {@code exp} plus the grace leaves its rooms (once) and is closed
 * with 4001 however often it heartbeats; one that sent {@code auth} in time stays; a refreshed
 * token without a room's right leaves that room with an error; a socket that never says hello is
 * closed with 4002.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class PresenceTokenRefreshTest {
  private static final long GRACE_MS = JwtTokenVerifier.LEEWAY_SECONDS * 1000L;
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

  @Test
  void anExpiredConnectionLeavesItsRoomsOnceAndIsClosedWith4001WhileARefreshedOneStays() {
    try (PresenceTestServer server = PresenceTestServer.start(LockstepConfig.defaults().withAuth(tokens.authConfig()))) {
      PresenceClient watcher = PresenceClient.connect(ws, server.port());
      watcher.hello(tokens.token("walt", TestTokens.rights().presence("*"), Duration.ofHours(1)));
      assertThat(watcher.join("lobby", null, null).getString("t")).isEqualTo("members");

      PresenceClient expiring = PresenceClient.connect(ws, server.port());
      long before = System.currentTimeMillis();
      JsonObject welcome = expiring.hello(tokens.token("eve", TestTokens.rights().presence("*"), Duration.ofSeconds(1)));
      long exp = welcome.getLong("exp");
      assertThat(exp).as("welcome carries the token's exp").isBetween(before - 1_000, before + 2_000);
      assertThat(expiring.join("lobby", null, null).getString("t")).isEqualTo("members");

      PresenceClient refreshed = PresenceClient.connect(ws, server.port());
      refreshed.hello(tokens.token("rose", TestTokens.rights().presence("*"), Duration.ofSeconds(1)));
      assertThat(refreshed.join("lobby", null, null).getString("t")).isEqualTo("members");
      JsonObject authed = refreshed.request(new JsonObject().put("t", "auth")
          .put("token", tokens.token("rose", TestTokens.rights().presence("*"), Duration.ofHours(1))));
      assertThat(authed.getString("t")).isEqualTo("authed");
      assertThat(authed.getLong("exp")).isGreaterThan(System.currentTimeMillis() + 3_000_000);

      // The expiring connection heartbeats all along: that must not keep it a member.
      List<JsonObject> last = new ArrayList<>();
      Integer closeCode = null;
      long deadline = System.currentTimeMillis() + 20_000;
      while (closeCode == null && System.currentTimeMillis() < deadline) {
        expiring.heartbeat();
        refreshed.heartbeat();
        for (JsonObject frame : expiring.drain(100)) {
          if (PresenceClient.CLOSED.equals(frame.getString("t"))) {
            closeCode = frame.getInteger("code");
          } else {
            last.add(frame);
          }
        }
      }
      long closedAt = System.currentTimeMillis();
      assertThat(closeCode).isEqualTo(4001);
      assertThat(closedAt).as("closed only after exp + grace").isGreaterThanOrEqualTo(exp + GRACE_MS - 100);
      JsonObject err = last.get(last.size() - 1);
      assertThat(err.getString("code")).isEqualTo("unauthorized");
      assertThat(err.getString("msg")).isEqualTo("token expired");

      List<JsonObject> seen = watcher.drain(1_000);
      assertThat(seen.stream().filter(f -> PresenceClient.presence(f, "lobby", "leave", expiring.conn())))
          .as("the expired member leaves exactly once: %s", seen).hasSize(1);
      assertThat(seen.stream().filter(f -> PresenceClient.presence(f, "lobby", "leave", refreshed.conn())))
          .as("the refreshed member stays").isEmpty();
      assertThat(refreshed.request(new JsonObject().put("t", "ping")).getString("t")).isEqualTo("pong");
    }
  }

  @Test
  void aRefreshedTokenWithoutARoomsRightLeavesThatRoomWithAnError() {
    try (PresenceTestServer server = PresenceTestServer.start(LockstepConfig.defaults().withAuth(tokens.authConfig()))) {
      PresenceClient watcher = PresenceClient.connect(ws, server.port());
      watcher.hello(tokens.token("walt", TestTokens.rights().presence("*")));
      assertThat(watcher.join("room-b", null, null).getString("t")).isEqualTo("members");

      PresenceClient client = PresenceClient.connect(ws, server.port());
      client.hello(tokens.token("ada", TestTokens.rights().presence("*")));
      assertThat(client.join("room-a", null, null).getString("t")).isEqualTo("members");
      assertThat(client.join("room-b", null, null).getString("t")).isEqualTo("members");

      client.send(new JsonObject().put("t", "auth").put("id", 7)
          .put("token", tokens.token("ada", TestTokens.rights().presence("room-a"))));
      JsonObject left = client.await(f -> "err".equals(f.getString("t")), 5_000, "the forbidden room's error");
      assertThat(left.getString("room")).isEqualTo("room-b");
      assertThat(left.getString("code")).isEqualTo("forbidden");
      assertThat(left.getBoolean("left")).isTrue();
      assertThat(client.await(f -> "authed".equals(f.getString("t")), 5_000, "authed").getLong("re")).isEqualTo(7);

      watcher.await(f -> PresenceClient.presence(f, "room-b", "leave", client.conn()), 5_000, "ada leaves room-b");
      assertThat(client.request(new JsonObject().put("t", "meta").put("room", "room-b").put("meta", new JsonObject()))
          .getString("code")).isEqualTo("not_found");
      assertThat(client.leave("room-a").getString("t")).as("the granted room is kept").isEqualTo("left");
    }
  }

  @Test
  void aSocketThatNeverSaysHelloIsClosedWith4002() {
    LockstepConfig config = LockstepConfig.defaults().withAuth(tokens.authConfig())
        .withConnections(new ConnectionLimits(100, 100, 500));
    try (PresenceTestServer server = PresenceTestServer.start(config)) {
      PresenceClient silent = PresenceClient.connect(ws, server.port());
      PresenceClient greeted = PresenceClient.connect(ws, server.port());
      greeted.hello(tokens.token("ada", TestTokens.rights().presence("*")));
      JsonObject closed = silent.await(f -> PresenceClient.CLOSED.equals(f.getString("t")), 5_000, "the close");
      assertThat(closed.getInteger("code")).isEqualTo(4002);
      greeted.drain(600);
      assertThat(greeted.request(new JsonObject().put("t", "ping")).getString("t"))
          .as("a connection that said hello stays").isEqualTo("pong");
    }
  }
}
