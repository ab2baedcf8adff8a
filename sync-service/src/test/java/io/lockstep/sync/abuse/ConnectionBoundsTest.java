package io.lockstep.sync.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.common.config.ConnectionLimits;
import io.lockstep.common.config.LockstepConfig;
import io.lockstep.common.testing.TestTokens;
import io.lockstep.sync.testing.RawWebSocket;
import io.lockstep.sync.testing.SyncTestServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 13 item 6 on {@code /sync} and {@code /sharedb}: connections beyond the process's cap are
 * refused at the upgrade with 503 {@code unavailable}, beyond the per-address cap with 429
 * {@code rate_limited}, and a closed connection gives its place back; a socket that never says
 * {@code hello} (auth on), or a {@code /sharedb} socket without a token, is closed with 4002. Before, every one of them was accepted and kept.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConnectionBoundsTest {

  @Test
  void connectionsPastThePerAddressCapAreRefusedWith429UntilOneCloses() {
    LockstepConfig config = LockstepConfig.defaults().withConnections(new ConnectionLimits(100, 2, 10_000));
    try (SyncTestServer server = SyncTestServer.start(config)) {
      RawWebSocket first = open(server, "/sync");
      try (RawWebSocket second = open(server, "/sharedb")) {
        RawWebSocket refused = RawWebSocket.connect(server.port(), "/sync", Map.of(), 0);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(new JsonObject(refused.body()).getString("code")).isEqualTo("rate_limited");

        first.close();
        RawWebSocket again = openOnceFreed(server);
        assertThat(again.status()).as("a closed connection gives its place back").isEqualTo(101);
        again.close();
      }
    }
  }

  @Test
  void connectionsPastTheProcessCapAreRefusedWith503() {
    LockstepConfig config = LockstepConfig.defaults().withConnections(new ConnectionLimits(3, 100, 10_000));
    try (SyncTestServer server = SyncTestServer.start(config)) {
      List<RawWebSocket> open = new ArrayList<>();
      open.add(open(server, "/sync"));
      open.add(open(server, "/sharedb"));
      open.add(open(server, "/sync"));
      RawWebSocket refused = RawWebSocket.connect(server.port(), "/sharedb", Map.of(), 0);
      assertThat(refused.status()).isEqualTo(503);
      assertThat(new JsonObject(refused.body()).getString("code")).isEqualTo("unavailable");
      open.forEach(RawWebSocket::close);
    }
  }

  @Test
  void aSocketWithoutHelloOrTokenIsClosedWith4002AndOneWithHelloStays() {
    Vertx vertx = Vertx.vertx();
    TestTokens tokens = TestTokens.hs256(vertx);
    LockstepConfig config = LockstepConfig.defaults().withAuth(tokens.authConfig())
        .withConnections(new ConnectionLimits(100, 100, 500));
    try (SyncTestServer server = SyncTestServer.start(config);
        RawWebSocket silent = open(server, "/sync");
        RawWebSocket refusedHello = open(server, "/sync");
        RawWebSocket greeted = open(server, "/sync");
        RawWebSocket silentShareDb = open(server, "/sharedb")) {
      assertThat(greeted.request(new JsonObject().put("t", "hello").put("token", tokens.allRights("ada")))
          .getString("t")).isEqualTo("welcome");
      assertThat(refusedHello.request(new JsonObject().put("t", "hello").put("token", "not-a-jwt"))
          .getString("code")).isEqualTo("unauthorized");
      assertThat(silent.awaitClose(5_000)).isEqualTo(4002);
      assertThat(refusedHello.awaitClose(5_000)).as("a refused hello does not count").isEqualTo(4002);
      assertThat(silentShareDb.awaitClose(5_000)).as("/sharedb without a token or auth message").isEqualTo(4002);
      assertThat(greeted.request(new JsonObject().put("t", "ping")).getString("t")).isEqualTo("pong");
    } finally {
      vertx.close().await();
    }
  }

  private static RawWebSocket open(SyncTestServer server, String path) {
    RawWebSocket ws = RawWebSocket.connect(server.port(), path, Map.of(), 0);
    assertThat(ws.status()).as("%s %s", path, ws.body()).isEqualTo(101);
    return ws;
  }

  /** Connects until the server has seen the close of the previous connection (bounded). */
  private static RawWebSocket openOnceFreed(SyncTestServer server) {
    RawWebSocket ws = null;
    for (int attempt = 0; attempt < 50; attempt++) {
      ws = RawWebSocket.connect(server.port(), "/sync", Map.of(), 0);
      if (ws.status() == 101) {
        return ws;
      }
      sleep(100);
    }
    return ws;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
