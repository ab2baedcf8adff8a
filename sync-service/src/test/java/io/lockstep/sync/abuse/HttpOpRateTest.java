package io.lockstep.sync.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.common.config.Limits;
import io.lockstep.common.config.LockstepConfig;
import io.lockstep.common.testing.HttpTestClient;
import io.lockstep.common.testing.HttpTestClient.Response;
import io.lockstep.sync.testing.SyncTestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Attack: a client floods {@code POST /docs/{doc}/ops}. Past the burst it gets {@code 429} with
 * {@code {"code":"rate_limited"}} and {@code Retry-After}, and the refused ops change nothing.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpOpRateTest {
  private static final int BURST = 5;

  private static SyncTestServer server;
  private static HttpTestClient http;

  @BeforeAll
  static void start() {
    Limits d = Limits.DEFAULTS;
    Limits slow = new Limits(d.maxFrameBytes(), d.maxOpComponents(), d.maxDocBytes(), d.opsPerSecond(), d.opsBurst(),
        d.maxSubscriptions(), d.maxOutboundBytes(), d.maxErrorsPerMinute(), d.snapshotEvery(), d.retainOps(),
        d.maxSubmitRetries(), d.maxQueuedPerDoc(), d.maxQueueWaitMs(), d.maxQueuedBytesPerDoc(), d.maxHistoryBytes(), d.maxSourcesPerDoc(), d.maxPageOps(),
        d.maxPageBytes(), 1, BURST, d.maxRateKeys());
    server = SyncTestServer.start(LockstepConfig.defaults().withLimits(slow));
    http = new HttpTestClient(server.port());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aFloodOfOpsIsRefusedWith429AndRetryAfter() {
    assertThat(http.put("/docs/rate%2F1", "{\"type\":\"text-unicode\",\"data\":\"\"}").status()).isEqualTo(201);
    int committed = 1;
    Response refused = null;
    for (int i = 0; i < 50 && refused == null; i++) {
      Response r = http.post("/docs/rate%2F1/ops", new JsonObject().put("v", 1).put("op", new JsonArray().add("x")).encode());
      if (r.status() == 429) {
        refused = r;
      } else {
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        committed++;
      }
    }
    assertThat(refused).as("the flood was refused").isNotNull();
    assertThat(committed).as("the creation and the rest of the burst went in").isLessThanOrEqualTo(BURST + 1);
    assertThat(refused.json().getString("code")).isEqualTo("rate_limited");
    assertThat(Integer.parseInt(refused.header("retry-after"))).isBetween(1, 2);
    assertThat(http.get("/docs/rate%2F1").json().getLong("v")).isEqualTo(committed);
  }
}
