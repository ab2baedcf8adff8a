package io.lockstep.sync.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.common.config.LockstepConfig;
import io.lockstep.common.testing.HttpTestClient;
import io.lockstep.common.testing.HttpTestClient.Response;
import io.lockstep.sync.testing.SyncTestServer;
import io.lockstep.sync.testing.TestLimits;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code GET /docs/{doc}?v=N} on a server that keeps little history (a snapshot every
 * {@link #SNAPSHOT_EVERY} ops, {@link #KEPT} ops kept): every version that a log reaching back to
 * the creation, or the latest stored snapshot, leads to reads exactly as it was; older ones are
 * refused with {@code not_found}, and a version ahead of the document with {@code version_ahead}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HistoryHttpTest {
  private static final int SNAPSHOT_EVERY = 4;
  private static final int KEPT = 6;
  private static SyncTestServer server;
  private static HttpTestClient http;

  @BeforeAll
  static void start() {
    server = SyncTestServer.start(LockstepConfig.defaults().withLimits(TestLimits.defaults()
        .snapshotEvery(SNAPSHOT_EVERY).retainOps(KEPT).build()));
    http = new HttpTestClient(server.port());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** Creates a text document and appends one letter per op; version k then holds the first k - 1 letters. */
  private static void write(String doc, int ops) {
    assertThat(http.put("/docs/" + doc, "{\"type\":\"text-unicode\",\"data\":\"\"}").status()).isEqualTo(201);
    for (int i = 0; i < ops; i++) {
      JsonArray op = i == 0 ? new JsonArray().add(letter(i)) : new JsonArray().add(i).add(letter(i));
      String body = new JsonObject().put("v", i + 1).put("op", op).encode();
      assertThat(http.post("/docs/" + doc + "/ops", body).status()).isEqualTo(200);
    }
  }

  private static String letter(int i) {
    return String.valueOf((char) ('a' + i % 26));
  }

  private static String lettersBefore(long version) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < version - 1; i++) {
      out.append(letter(i));
    }
    return out.toString();
  }

  @Test
  void everyVersionOfAShortHistoryReadsAsItWas() {
    write("history%2Fshort", KEPT - 1);
    for (long v = 1; v <= KEPT; v++) {
      Response at = http.get("/docs/history%2Fshort?v=" + v);
      assertThat(at.status()).as("v=%d: %s", v, at).isEqualTo(200);
      assertThat(at.json()).isEqualTo(new JsonObject().put("v", v).put("type", "text-unicode").put("data", lettersBefore(v)));
    }
    assertThat(http.get("/docs/history%2Fshort?v=0").json().getString("code")).isEqualTo("not_found");
  }

  @Test
  void recentVersionsOfALongHistoryReadAsTheyWereAndTrimmedOnesAreRefused() {
    int ops = 30;
    write("history%2Flong", ops);
    long current = ops + 1;
    int served = 0;
    for (long v = 1; v <= current; v++) {
      Response at = http.get("/docs/history%2Flong?v=" + v);
      if (v == current) {
        assertThat(at.status()).as("the current version: %s", at).isEqualTo(200);
      }
      if (at.status() == 200) {
        served++;
        assertThat(at.json().getString("data")).as("v=%d", v).isEqualTo(lettersBefore(v));
        assertThat(at.json().getLong("v")).isEqualTo(v);
      } else {
        assertThat(at.status()).as("v=%d: %s", v, at).isEqualTo(404);
        assertThat(at.json().getString("msg")).contains("no longer kept");
      }
    }
    // Only the latest stored snapshot is kept, so the reach is from it to the current version.
    assertThat(served).isBetween(1, SNAPSHOT_EVERY);
    assertThat(http.get("/docs/history%2Flong?v=1").status()).isEqualTo(404);
    Response ahead = http.get("/docs/history%2Flong?v=" + (current + 1));
    assertThat(ahead.status()).isEqualTo(400);
    assertThat(ahead.json().getString("code")).isEqualTo("version_ahead");
    assertThat(http.get("/docs/history%2Flong?v=x").json().getString("code")).isEqualTo("bad_request");
  }
}
