package io.lockstep.sync.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.common.config.Limits;
import io.lockstep.common.config.LockstepConfig;
import io.lockstep.common.testing.HttpTestClient;
import io.lockstep.sync.testing.SyncTestServer;
import io.lockstep.sync.testing.WsTestClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Attack: a reader asks for every op of a document with a long history, over {@code fetch} and
 * {@code GET /docs/{doc}/ops}. Each answer holds at most {@code maxPageOps} ops and about
 * {@code maxPageBytes} bytes, with {@code next} while more remain; following {@code next} reads
 * every op exactly once, in order.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PagedReadsTest {
  private static final int PAGE_OPS = 10;
  private static final int PAGE_BYTES = 4 * 1024;
  private static final int OPS = 60;

  private static SyncTestServer server;
  private static HttpTestClient http;

  @BeforeAll
  static void start() {
    Limits d = Limits.DEFAULTS;
    Limits paged = new Limits(d.maxFrameBytes(), d.maxOpComponents(), d.maxDocBytes(), d.opsPerSecond(), d.opsBurst(),
        d.maxSubscriptions(), d.maxOutboundBytes(), d.maxErrorsPerMinute(), d.snapshotEvery(), d.retainOps(),
        d.maxSubmitRetries(), d.maxQueuedPerDoc(), d.maxQueueWaitMs(), d.maxQueuedBytesPerDoc(), d.maxHistoryBytes(), d.maxSourcesPerDoc(), PAGE_OPS, PAGE_BYTES,
        1_000, 1_000, d.maxRateKeys());
    server = SyncTestServer.start(LockstepConfig.defaults().withLimits(paged));
    http = new HttpTestClient(server.port());
    http.put("/docs/paged%2Fsmall", "{\"type\":\"text-unicode\",\"data\":\"\"}");
    http.put("/docs/paged%2Flarge", "{\"type\":\"text-unicode\",\"data\":\"\"}");
    for (int v = 1; v <= OPS; v++) {
      http.post("/docs/paged%2Fsmall/ops", new JsonObject().put("v", v).put("op", new JsonArray().add("s")).encode());
      http.post("/docs/paged%2Flarge/ops",
          new JsonObject().put("v", v).put("op", new JsonArray().add("L".repeat(1_000))).encode());
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void httpReadsComeInPagesOfAtMostMaxPageOpsWithNext() {
    List<Long> versions = readAllOverHttp("paged%2Fsmall", page -> assertThat(page.size()).isLessThanOrEqualTo(PAGE_OPS));
    assertThat(versions).hasSize(OPS + 1).isSorted().doesNotHaveDuplicates().startsWith(1L).endsWith((long) OPS + 1);
  }

  @Test
  void httpReadsOfLargeOpsComeInPagesOfAboutMaxPageBytes() {
    List<Long> versions = readAllOverHttp("paged%2Flarge", page -> assertThat(page.encode().length())
        .isLessThanOrEqualTo(PAGE_BYTES + 2_000));
    assertThat(versions).hasSize(OPS + 1).isSorted().doesNotHaveDuplicates().endsWith((long) OPS + 1);
  }

  @Test
  void aBoundedRangeEndsWithoutNext() {
    JsonObject body = http.get("/docs/paged%2Fsmall/ops?from=5&to=9").json();
    assertThat(body.getJsonArray("ops")).hasSize(4);
    assertThat(body.containsKey("next")).isFalse();
    JsonObject exact = http.get("/docs/paged%2Fsmall/ops?from=5&to=15").json();
    assertThat(exact.getJsonArray("ops")).hasSize(PAGE_OPS);
    assertThat(exact.containsKey("next")).as("a range of exactly one page is complete").isFalse();
  }

  @Test
  void fetchRepliesComeInPagesWithNext() {
    try (WsTestClient client = WsTestClient.connect(server.port())) {
      client.request(new JsonObject().put("t", "hello").put("src", "reader"));
      List<Long> versions = new ArrayList<>();
      Long from = 0L;
      for (int pages = 0; from != null && pages < 100; pages++) {
        JsonObject reply = client.request(new JsonObject().put("t", "fetch").put("doc", "paged/large").put("from", from));
        assertThat(reply.getString("t")).as("%s", reply).isEqualTo("ops");
        JsonArray ops = reply.getJsonArray("ops");
        assertThat(ops.encode().length()).isLessThanOrEqualTo(PAGE_BYTES + 2_000);
        ops.forEach(op -> versions.add(((JsonObject) op).getLong("v")));
        from = reply.getLong("next");
        if (from != null) {
          assertThat(from).isEqualTo(versions.get(versions.size() - 1));
        }
      }
      assertThat(versions).hasSize(OPS + 1).isSorted().doesNotHaveDuplicates().endsWith((long) OPS + 1);
    }
  }

  private interface PageCheck {
    void check(JsonArray page);
  }

  private static List<Long> readAllOverHttp(String doc, PageCheck check) {
    List<Long> versions = new ArrayList<>();
    Long from = 0L;
    for (int pages = 0; from != null && pages < 100; pages++) {
      JsonObject body = http.get("/docs/" + doc + "/ops?from=" + from).json();
      JsonArray ops = body.getJsonArray("ops");
      check.check(ops);
      assertThat(ops).isNotEmpty();
      ops.forEach(op -> versions.add(((JsonObject) op).getLong("v")));
      from = body.getLong("next");
    }
    return versions;
  }
}
