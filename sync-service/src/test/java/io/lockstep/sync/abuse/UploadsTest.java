package io.lockstep.sync.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.common.config.LockstepConfig;
import io.lockstep.common.testing.HttpTestClient;
import io.lockstep.common.testing.TestTokens;
import io.lockstep.common.testing.UploadAttack;
import io.lockstep.sync.testing.SyncTestServer;
import io.lockstep.sync.testing.TestLimits;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 13 item 5 on /docs: multipart uploads, with and without a token, leave no file anywhere;
 * a body without a valid token is refused unread (401 even when it is over the size limit).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UploadsTest {
  private static final int MAX_BODY = 8 * 1024;
  private static Vertx vertx;
  private static TestTokens tokens;
  private static SyncTestServer server;
  private static UploadAttack attack;

  @BeforeAll
  static void start() {
    UploadAttack.clearUploads();
    vertx = Vertx.vertx();
    tokens = TestTokens.hs256(vertx);
    server = SyncTestServer.start(LockstepConfig.defaults().withAuth(tokens.authConfig())
        .withLimits(TestLimits.defaults().maxFrameBytes(MAX_BODY).build()));
    attack = new UploadAttack(server.port());
    assertThat(new HttpTestClient(server.port()).send("PUT", "/docs/up%2F1", "{\"type\":\"json0\",\"data\":{}}",
        tokens.allRights("owner")).status()).isEqualTo(201);
  }

  @AfterAll
  static void stop() {
    server.close();
    vertx.close().await();
  }

  @Test
  void multipartUploadsAreRefusedAndNeverWritten() {
    String writer = tokens.allRights("writer");
    for (String path : new String[] {"/docs/up%2F1/ops", "/docs/up%2F1", "/docs/up%2Fnew"}) {
      assertThat(attack.postMultipart(path, null, 1_000)).as("%s without a token", path).isEqualTo(401);
      assertThat(attack.postMultipart(path, writer, 1_000)).as("%s with a token", path).isIn(400, 405);
      assertThat(attack.postMultipart(path, writer, MAX_BODY * 4)).as("%s with a token, oversized", path)
          .isIn(400, 405, 413, -1);
    }
    assertThat(UploadAttack.uploadedFiles()).isZero();
  }

  @Test
  void aBodyWithoutAValidTokenIsNotRead() {
    String oversized = "{\"v\":1,\"op\":[],\"pad\":\"" + "x".repeat(MAX_BODY * 4) + "\"}";
    assertThat(attack.post("/docs/up%2F1/ops", null, "application/json", oversized)).isEqualTo(401);
    assertThat(attack.post("/docs/up%2F1/ops", "not-a-token", "application/json", oversized)).isEqualTo(401);
    assertThat(attack.post("/docs/up%2F1/ops", tokens.allRights("writer"), "application/json", oversized))
        .as("with a valid token the body is read, and is too large").isEqualTo(413);
  }
}
