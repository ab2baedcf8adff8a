package io.lockstep.feed.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.common.config.Limits;
import io.lockstep.common.config.LockstepConfig;
import io.lockstep.common.testing.HttpTestClient;
import io.lockstep.common.testing.HttpTestClient.Response;
import io.lockstep.common.testing.TestTokens;
import io.lockstep.feed.testing.FeedTestServer;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Attack: a publisher floods {@code POST /feeds/{channel}}. Past the burst of its user (and its
 * address) it gets {@code 429 {"code":"rate_limited"}} with {@code Retry-After}, and nothing more
 * is published.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PublishRateTest {
  private static final int BURST = 5;
  private static Vertx vertx;
  private static TestTokens tokens;
  private static FeedTestServer server;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    tokens = TestTokens.hs256(vertx);
    Limits d = Limits.DEFAULTS;
    Limits slow = new Limits(d.maxFrameBytes(), d.maxOpComponents(), d.maxDocBytes(), d.opsPerSecond(), d.opsBurst(),
        d.maxSubscriptions(), d.maxOutboundBytes(), d.maxErrorsPerMinute(), d.snapshotEvery(), d.retainOps(),
        d.maxSubmitRetries(), d.maxQueuedPerDoc(), d.maxQueueWaitMs(), d.maxQueuedBytesPerDoc(), d.maxHistoryBytes(), d.maxSourcesPerDoc(), d.maxPageOps(),
        d.maxPageBytes(), 1, BURST, d.maxRateKeys());
    server = FeedTestServer.start(LockstepConfig.defaults().withLimits(slow).withAuth(tokens.authConfig()));
  }

  @AfterAll
  static void stop() {
    server.close();
    vertx.close().await();
  }

  @Test
  void aFloodOfPublicationsIsRefusedWith429AndRetryAfter() {
    HttpTestClient http = new HttpTestClient(server.port());
    String publisher = tokens.token("pub", TestTokens.rights().publish("news/*"));
    int published = 0;
    Response refused = null;
    for (int i = 0; i < 50 && refused == null; i++) {
      Response r = http.send("POST", "/feeds/news%2Fflood", "{\"n\":" + i + "}", publisher);
      if (r.status() == 429) {
        refused = r;
      } else {
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        published++;
      }
    }
    assertThat(refused).as("the flood was refused").isNotNull();
    assertThat(published).isLessThanOrEqualTo(BURST);
    assertThat(refused.json().getString("code")).isEqualTo("rate_limited");
    assertThat(Integer.parseInt(refused.header("retry-after"))).isBetween(1, 2);
  }
}
