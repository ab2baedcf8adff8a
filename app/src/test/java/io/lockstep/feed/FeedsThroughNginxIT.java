package io.lockstep.feed;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.common.engine.feed.FeedId;
import io.lockstep.common.testing.sse.SseClient;
import io.lockstep.common.testing.sse.SseConnection;
import io.lockstep.common.testing.sse.SseEvent;
import io.lockstep.sync.convergence.LocalTopology;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Feeds through the native topology ({@code docker/run-local-topology.sh}: Redis, two Lockstep
 * processes running every service, nginx with {@code docker/nginx.local.conf.template} in front).
 * SSE subscribers connected through nginx receive events published on either node within a fraction
 * of a second, which nginx's response buffering would prevent; after the node serving some of them is
 * SIGKILLed, they reconnect through nginx with their {@code Last-Event-ID} and end with every event
 * exactly once, in order.
 */
class FeedsThroughNginxIT {
  private static final int SUBSCRIBERS = 4;
  private static final int BEFORE = 10;
  private static final int AFTER = 10;
  /** Far below nginx's default buffer and the 15 s heartbeat that would flush a buffered proxy. */
  private static final long PROMPT_MS = 1_000;

  @TempDir
  Path dir;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  @Timeout(value = 150, unit = TimeUnit.SECONDS)
  void subscribersThroughNginxGetEventsPromptlyAndResumeAfterTheirNodeDies() throws Exception {
    LocalTopology topology = LocalTopology.start(dir.resolve("topology"), 2);
    Vertx vertx = Vertx.vertx();
    try (SseClient sse = new SseClient(vertx, "127.0.0.1", topology.nginxPort())) {
      String path = "/feeds/it/" + UUID.randomUUID();
      List<Integer> nodes = topology.nodePorts();
      List<SseConnection> streams = new ArrayList<>();
      for (int i = 0; i < SUBSCRIBERS; i++) {
        SseConnection stream = sse.open(path);
        assertThat(stream.status()).isEqualTo(200);
        assertThat(stream.header("Content-Type")).startsWith("text/event-stream");
        streams.add(stream);
      }
      List<List<Long>> received = new ArrayList<>();
      streams.forEach(s -> received.add(new ArrayList<>()));

      long slowest = 0;
      for (int n = 1; n <= BEFORE; n++) {
        long sent = System.currentTimeMillis();
        publish(nodes.get(n % 2), path, n);
        for (int i = 0; i < SUBSCRIBERS; i++) {
          SseEvent event = streams.get(i).next(5_000);
          slowest = Math.max(slowest, System.currentTimeMillis() - sent);
          received.get(i).add(seq(event));
        }
      }
      System.out.printf("FeedsThroughNginxIT: slowest publish-to-delivery through nginx %d ms%n", slowest);
      assertThat(slowest).as("events pass nginx unbuffered").isLessThan(PROMPT_MS);

      topology.killNode(1);
      for (int n = BEFORE + 1; n <= BEFORE + AFTER; n++) {
        publish(nodes.get(1), path, n);
      }
      int resumed = 0;
      for (int i = 0; i < SUBSCRIBERS; i++) {
        SseConnection stream = streams.get(i);
        long deadline = System.currentTimeMillis() + 20_000;
        while (received.get(i).size() < BEFORE + AFTER && System.currentTimeMillis() < deadline) {
          SseEvent event = stream.poll(100);
          if (event != null) {
            received.get(i).add(seq(event));
          } else if (stream.ended().isComplete()) {
            stream = reconnect(sse, path, stream);
            resumed++;
          }
        }
        stream.close();
        assertThat(received.get(i)).as("subscriber %d", i)
            .containsExactlyElementsOf(LongStream.rangeClosed(1, BEFORE + AFTER).boxed().toList());
      }
      assertThat(resumed).as("streams of the killed node resumed through nginx").isPositive();
    } catch (Throwable t) {
      System.out.println(topology.diagnostics());
      throw t;
    } finally {
      vertx.close().await();
      topology.close();
    }
  }

  /** Reconnects through nginx, which may first try the dead node (502) before marking it down. */
  private static SseConnection reconnect(SseClient sse, String path, SseConnection previous) throws InterruptedException {
    for (int attempt = 0; attempt < 20; attempt++) {
      SseConnection next = sse.reconnect(path, previous, null);
      if (next.status() == 200) {
        return next;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("could not reconnect through nginx");
  }

  private void publish(int port, String path, int n) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"n\":" + n + "}")).build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
  }

  private static long seq(SseEvent event) {
    return FeedId.parse(event.id(), "id").seq();
  }
}
