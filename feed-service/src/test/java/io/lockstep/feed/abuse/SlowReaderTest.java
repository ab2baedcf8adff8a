package io.lockstep.feed.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.common.bus.Addresses;
import io.lockstep.common.config.FeedConfig;
import io.lockstep.common.testing.sse.SseConnection;
import io.lockstep.feed.testing.FeedTestServer;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A reader that opens a stream over raw TCP and then stops reading fills its stream's bounded
 * buffer; the server closes that stream instead of queueing without end, and a reader that keeps up
 * on the same channel is not affected.
 */
class SlowReaderTest {
  private static final int BOUND = 32 * 1024;
  private static final FeedConfig FEEDS = new FeedConfig(100, 86_400_000, 15_000, 2_000, BOUND, 4, 64 * 1024);

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aReaderThatStopsReadingIsClosedPastTheBoundAndOthersKeepGoing() throws Exception {
    try (FeedTestServer server = FeedTestServer.start(FEEDS); Socket stalled = new Socket()) {
      String channel = "news/" + UUID.randomUUID();
      stalled.setReceiveBufferSize(4096);
      stalled.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
      stalled.getOutputStream().write(("GET /feeds/" + channel + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Accept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      InputStream in = stalled.getInputStream();
      byte[] head = new byte[64];
      assertThat(new String(head, 0, in.read(head), StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 200");
      SseConnection healthy = server.sse().open("/feeds/" + channel);

      String padding = "x".repeat(16 * 1024);
      int sent = 0;
      while (server.meter("lockstep_feed_slow_readers_closed") < 1 && sent < 4_000) {
        for (int i = 0; i < 50; i++) {
          server.vertx().eventBus().send(Addresses.FEED_PUBLISH,
              new JsonObject().put("channel", channel).put("data", new JsonObject().put("n", ++sent).put("pad", padding)));
        }
        // The healthy reader keeps up: it takes what was sent before the next batch.
        for (int i = 0; i < 50; i++) {
          healthy.next(5_000);
        }
      }

      assertThat(server.meter("lockstep_feed_slow_readers_closed")).as("after %d events of 16 KiB", sent).isEqualTo(1);
      assertThat(sent * 16L * 1024).as("closed long before the stalled reader could take it all").isLessThan(200L * 1024 * 1024);
      // The slow reader is counted as closed before its stream's close handler runs on the loop:
      // wait (bounded) for the stream count to settle before checking who is left.
      long settleBy = System.nanoTime() + 5_000_000_000L;
      while (server.meter("lockstep_feed_streams") > 1 && System.nanoTime() < settleBy) {
        Thread.sleep(20);
      }
      assertThat(server.meter("lockstep_feed_streams")).as("the healthy stream stays open").isEqualTo(1);
      stalled.setSoTimeout(10_000);
      byte[] rest = new byte[64 * 1024];
      int read;
      do {
        read = readOrReset(in, rest);
      } while (read > 0);
      assertThat(read).as("the stalled stream's connection is closed").isLessThanOrEqualTo(0);
      healthy.close();
    }
  }

  private static int readOrReset(InputStream in, byte[] buffer) {
    try {
      return in.read(buffer);
    } catch (java.net.SocketException reset) {
      return -1;
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
