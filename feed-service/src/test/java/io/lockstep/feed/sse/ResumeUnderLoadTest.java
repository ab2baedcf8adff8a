package io.lockstep.feed.sse;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.common.bus.Addresses;
import io.lockstep.common.engine.feed.FeedId;
import io.lockstep.common.testing.sse.SseConnection;
import io.lockstep.common.testing.sse.SseEvent;
import io.lockstep.feed.testing.FeedTestServer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A subscriber whose connection is cut again and again while a publisher appends 1,000 events a
 * second resumes each time with its {@code Last-Event-ID} and ends up with every event exactly once,
 * in order: the replay and the live events it overlaps with are stitched without gap or repeat.
 */
class ResumeUnderLoadTest {
  private static final int RATE_PER_TICK = 10;
  private static final int TICK_MS = 10;
  private static final int TOTAL = 4_000;

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void forcedDisconnectsLoseNothingAndRepeatNothingWhileAPublisherRuns() throws Exception {
    try (FeedTestServer server = FeedTestServer.start()) {
      String channel = FeedProtocolTest.fresh();
      String path = "/feeds/" + channel;
      SseConnection stream = server.sse().open(path);
      AtomicInteger sent = new AtomicInteger();
      server.vertx().setPeriodic(TICK_MS, timer -> {
        for (int i = 0; i < RATE_PER_TICK && sent.get() < TOTAL; i++) {
          server.vertx().eventBus().send(Addresses.FEED_PUBLISH,
              new JsonObject().put("channel", channel).put("data", new JsonObject().put("n", sent.incrementAndGet())));
        }
        if (sent.get() >= TOTAL) {
          server.vertx().cancelTimer(timer);
        }
      });

      List<Long> seqs = new ArrayList<>();
      int reconnects = 0;
      long deadline = System.currentTimeMillis() + 40_000;
      long nextCut = System.currentTimeMillis() + 500;
      while (seqs.size() < TOTAL && System.currentTimeMillis() < deadline) {
        SseEvent event = stream.poll(50);
        if (event != null) {
          seqs.add(FeedId.parse(event.id(), "id").seq());
        }
        if (System.currentTimeMillis() >= nextCut && sent.get() < TOTAL) {
          stream.close();
          stream.ended().await(5, TimeUnit.SECONDS);
          for (SseEvent rest = stream.poll(0); rest != null; rest = stream.poll(0)) {
            seqs.add(FeedId.parse(rest.id(), "id").seq());
          }
          stream = server.sse().reconnect(path, stream, null);
          reconnects++;
          nextCut = System.currentTimeMillis() + 500;
        }
      }
      stream.close();

      assertThat(reconnects).as("cut while publishing").isGreaterThanOrEqualTo(4);
      assertThat(seqs).as("every event once, in order, across %d reconnects", reconnects)
          .containsExactlyElementsOf(LongStream.rangeClosed(1, TOTAL).boxed().toList());
    }
  }
}
