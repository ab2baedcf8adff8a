package io.lockstep.sync.convergence;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.common.config.Limits;
import io.lockstep.common.config.LockstepConfig;
import io.lockstep.sync.testing.FrameSocket;
import io.lockstep.sync.testing.StallingWebSocket;
import io.lockstep.sync.testing.SyncTestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SERVER BUG REPRODUCTION — fails until the server is fixed (found by {@link ReconnectConvergenceTest}).
 *
 * <p>When a client sends its WebSocket close frame, Vert.x marks the server socket closed at once
 * but runs its close handler only once the TCP connection is gone, so for a while the connection
 * is still subscribed. A live op delivered in that window makes {@code Outbound.send} call
 * {@code ServerWebSocket.writeQueueFull()}, which throws {@code IllegalStateException("WebSocket is
 * closed")}. The exception escapes {@code DocFanout.deliver}'s loop over the document's listeners, so
 * every subscriber after the closing one on that event loop never gets the op; at the next op they
 * see a gap and are dropped with {@code unavailable}. In the convergence runs this hits a few
 * clients per reconnect wave.
 *
 * <p>The window is normally a few microseconds; this test holds it open deterministically: the
 * closing client has a tiny TCP receive buffer and stops reading, the document's ops back up its
 * server-side socket (the outbound limit is raised so the server does not cut it as a slow
 * consumer), so the server's answering close frame cannot be written and the TCP connection stays
 * up. Observers that subscribe after it, some on its event loop, must still get every op.
 */
class FanOutToClosingConnectionTest {
  private static final String DOC = "bug/fanout";
  private static final int BIG = 100_000;

  private SyncTestServer server;
  private Fleet fleet;

  @BeforeEach
  void start() {
    Limits d = Limits.DEFAULTS;
    Limits roomy = new Limits(d.maxFrameBytes(), d.maxOpComponents(), d.maxDocBytes(), d.opsPerSecond(), d.opsBurst(),
        d.maxSubscriptions(), 256 * 1024 * 1024, d.maxErrorsPerMinute(), d.snapshotEvery(), d.retainOps(),
        d.maxSubmitRetries(), d.maxQueuedPerDoc(), d.maxQueueWaitMs(), d.maxQueuedBytesPerDoc());
    server = SyncTestServer.start(LockstepConfig.defaults().withLimits(roomy));
    fleet = new Fleet(server);
  }

  @AfterEach
  void stop() {
    fleet.close();
    server.close();
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aSubscriberClosingItsSocketDoesNotCostLaterSubscribersAnOp() throws InterruptedException {
    fleet.view().create(DOC, "text-unicode", "");
    try (StallingWebSocket closing = StallingWebSocket.connect(server.port(), 4096);
         FrameSocket writer = fleet.connect()) {
      closing.request(new JsonObject().put("t", "hello").put("id", 1).put("src", "closing"));
      assertThat(closing.request(new JsonObject().put("t", "sub").put("id", 2).put("doc", DOC)).getString("t"))
          .isEqualTo("snapshot");
      writer.request(new JsonObject().put("t", "hello").put("id", 1).put("src", "writer"));

      // 8 MB of ops that the closing client never reads: its server-side socket backs up.
      long v = 1;
      long seq = 1;
      String big = "x".repeat(BIG);
      for (int i = 0; i < 80; i++) {
        v = submit(writer, v, seq++, new JsonArray().add(big));
        v = submit(writer, v, seq++, new JsonArray().add(new JsonObject().put("d", BIG)));
      }

      List<FrameSocket> observers = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        FrameSocket observer = fleet.connect();
        observer.request(new JsonObject().put("t", "hello").put("id", 1).put("src", "observer-" + i));
        JsonObject snapshot = observer.request(new JsonObject().put("t", "sub").put("id", 2).put("doc", DOC));
        assertThat(snapshot.getLong("v")).isEqualTo(v);
        observers.add(observer);
      }

      closing.sendClose(1000);
      long first = v + 1;
      for (int i = 0; i < 10; i++) {
        Thread.sleep(30);
        v = submit(writer, v, seq++, new JsonArray().add("k"));
      }

      // What each observer got, frame by frame: every op first..v in order, or where it broke off.
      List<String> outcomes = new ArrayList<>();
      for (int i = 0; i < observers.size(); i++) {
        outcomes.add("observer " + i + ": " + received(observers.get(i), first, v));
        observers.get(i).close();
      }
      String allOps = "ops " + first + ".." + v + " in order";
      assertThat(outcomes).as("what the observers received after the closing client's close frame")
          .allMatch(outcome -> outcome.endsWith(allOps));
    }
  }

  private static String received(FrameSocket observer, long first, long last) {
    for (long expected = first; expected <= last; expected++) {
      JsonObject frame = observer.poll(3_000);
      if (frame == null) {
        return "nothing from op " + expected + " on (waited 3 s)";
      }
      if (!"op".equals(frame.getString("t")) || frame.getLong("v") != expected) {
        return "instead of op " + expected + ": " + frame.encode();
      }
    }
    return "ops " + first + ".." + last + " in order";
  }

  private static long submit(FrameSocket writer, long v, long seq, JsonArray op) {
    JsonObject ack = writer.request(new JsonObject().put("t", "op").put("id", 100 + seq).put("doc", DOC).put("v", v)
        .put("seq", seq).put("op", op));
    assertThat(ack.getString("t")).as("reply to op seq %d: %s", seq, ack.encode()).isEqualTo("ack");
    return ack.getLong("v");
  }
}
