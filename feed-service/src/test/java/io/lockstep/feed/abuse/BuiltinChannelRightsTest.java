package io.lockstep.feed.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.common.config.LockstepConfig;
import io.lockstep.common.testing.TestTokens;
import io.lockstep.common.testing.TestTokens.RightsClaim;
import io.lockstep.common.testing.sse.SseConnection;
import io.lockstep.feed.testing.FeedTestServer;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 13 item 9: a built-in channel is readable only with the right on what it mirrors. A
 * {@code read} pattern that matches the channel's own name ({@code *}, {@code presence:*},
 * {@code doc:*}) no longer opens who is in a room, nor a document the token may not read.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BuiltinChannelRightsTest {
  private static Vertx vertx;
  private static TestTokens tokens;
  private static FeedTestServer server;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    tokens = TestTokens.hs256(vertx);
    server = FeedTestServer.start(LockstepConfig.defaults().withAuth(tokens.authConfig()));
  }

  @AfterAll
  static void stop() {
    server.close();
    vertx.close().await();
  }

  @Test
  void aPresenceFeedNeedsThePresenceRightOnTheRoom() {
    assertStatus("/feeds/presence:lobby", TestTokens.rights().read("*"), 403);
    assertStatus("/feeds/presence:lobby", TestTokens.rights().read("presence:*", "presence:lobby"), 403);
    assertStatus("/feeds?channels=news/1,presence:lobby", TestTokens.rights().read("*"), 403);
    assertStatus("/feeds/presence:lobby", TestTokens.rights().presence("other"), 403);
    assertStatus("/feeds/presence:lobby", TestTokens.rights().presence("lobby"), 200);
  }

  @Test
  void aDocumentFeedNeedsTheReadRightOnTheDocument() {
    assertStatus("/feeds/doc:hr/1", TestTokens.rights().read("doc:*", "doc:hr/1"), 403);
    assertStatus("/feeds/doc:hr/1", TestTokens.rights().read("hr/*"), 200);
  }

  private static void assertStatus(String path, RightsClaim rights, int status) {
    SseConnection connection = server.sse().open(path, null, tokens.token("eve", rights));
    try {
      assertThat(connection.status()).as("%s with %s", path, rights.toJson()).isEqualTo(status);
    } finally {
      connection.close();
    }
  }
}
