package io.lockstep.app;

import static io.lockstep.app.MainStartTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.common.config.LockstepConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics} answers without a token (docs/security.md), so what callers send must not reach
 * it: no path, document id or header value becomes a label, and the scrape does not grow with them.
 */
class MetricsLabelsTest {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void requestsForManyDistinctPathsAndDocumentsLeaveTheScrapeAsLargeAsBefore() throws Exception {
    LockstepConfig config = LockstepConfig.defaults().withHost("127.0.0.1").withPort(0).withServices(Set.of("sync", "feed"));
    RunningLockstep running = await(Main.start(config));
    try {
      int port = running.port();
      // Every kind of request once, so that every series a request can create exists before the first reading.
      sendAll(port, "warm");
      String before = get(port, "/metrics").body();
      sendAll(port, "secretmarker");
      // 200 of each: within the HTTP op and publish bursts (400), so no new status appears either.
      for (int i = 0; i < 200; i++) {
        sendAll(port, "secretmarker" + i);
      }
      String after = get(port, "/metrics").body();
      assertThat(after).doesNotContain("secretmarker");
      // The JVM may add a few series of its own meanwhile (a first collection of some kind); a label
      // taken from what callers send would add one per distinct value, 201 of each kind here.
      assertThat(after.lines().count() - before.lines().count()).as("series added to the scrape").isLessThan(50);
    } finally {
      await(running.close());
    }
  }

  private void sendAll(int port, String tag) throws Exception {
    get(port, "/docs/notes/" + tag);
    get(port, "/docs/notes/" + tag + "/ops?from=0");
    get(port, "/" + tag);
    send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/feeds/" + tag))
        .POST(HttpRequest.BodyPublishers.ofString("{\"event\":\"" + tag + "\",\"data\":1}")));
    send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/docs/notes/" + tag))
        .header("X-Tag", tag).PUT(HttpRequest.BodyPublishers.ofString("{\"type\":\"" + tag + "\"}")));
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET());
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
