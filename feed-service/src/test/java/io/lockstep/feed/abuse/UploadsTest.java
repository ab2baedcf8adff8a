package io.lockstep.feed.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.common.config.FeedConfig;
import io.lockstep.common.config.LockstepConfig;
import io.lockstep.common.testing.TestTokens;
import io.lockstep.common.testing.UploadAttack;
import io.lockstep.feed.testing.FeedTestServer;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 13 item 5 on /feeds: multipart uploads, with and without a token, leave no file anywhere;
 * a body without a valid token is refused unread (401 even when it is over the size limit).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UploadsTest {
  private static final int MAX_EVENT = 4 * 1024;
  private static final FeedConfig FEEDS = new FeedConfig(100, 86_400_000, 15_000, 2_000, 1024 * 1024, 4, MAX_EVENT);
  private static Vertx vertx;
  private static TestTokens tokens;
  private static FeedTestServer server;
  private static UploadAttack attack;

  @BeforeAll
  static void start() {
    UploadAttack.clearUploads();
    vertx = Vertx.vertx();
    tokens = TestTokens.hs256(vertx);
    server = FeedTestServer.start(LockstepConfig.defaults().withFeeds(FEEDS).withAuth(tokens.authConfig()));
    attack = new UploadAttack(server.port());
  }

  @AfterAll
  static void stop() {
    server.close();
    vertx.close().await();
  }

  @Test
  void multipartUploadsAreRefusedAndNeverWritten() {
    String publisher = tokens.token("pub", TestTokens.rights().publish("news/*"));
    assertThat(attack.postMultipart("/feeds/news%2F1", null, 1_000)).isEqualTo(401);
    assertThat(attack.postMultipart("/feeds/news%2F1", publisher, 1_000)).isEqualTo(400);
    assertThat(attack.postMultipart("/feeds/news%2F1", publisher, MAX_EVENT * 4)).isIn(400, 413, -1);
    assertThat(UploadAttack.uploadedFiles()).isZero();
  }

  @Test
  void aBodyWithoutAValidTokenIsNotRead() {
    String oversized = "\"" + "x".repeat(MAX_EVENT * 4) + "\"";
    assertThat(attack.post("/feeds/news%2F1", null, "application/json", oversized)).isEqualTo(401);
    assertThat(attack.post("/feeds/news%2F1", "not-a-token", "application/json", oversized)).isEqualTo(401);
    assertThat(attack.post("/feeds/news%2F1", tokens.token("pub", TestTokens.rights().publish("news/*")),
        "application/json", oversized)).as("with a valid token the body is read, and is too large").isEqualTo(413);
  }
}
