package io.lockstep.edge.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.lockstep.common.config.ConnectionLimits;
import io.lockstep.edge.service.ConnectionCap;
import io.lockstep.edge.service.LiveConnections;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The frames queued for one connection in one loop turn reach a real WebSocket client intact and
 * in order, as the separate frames they were (or as one {@code batch} frame when the client opted
 * in), with one flush per turn: frames of every header size (under 126 bytes, up to 64 KiB, over
 * it), with and without {@code permessage-deflate}. The socket is upgraded as every service
 * upgrades one, through a Vert.x Web router and {@link UpgradeGate}: Vert.x Web hands the socket
 * over wrapped, and a wrapper once hid the channel, so frames went out one write each.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FlushingOutboundTest {
  private static final int MAX_OUTBOUND = 4 * 1024 * 1024;

  @Test
  void framesOfOneTurnArriveIntactInOrderWithOneFlush() {
    List<List<Integer>> turns = List.of(List.of(10, 200, 70_000, 5), List.of(125, 126, 65_535, 65_536), List.of(3));
    assertThat(run(turns, false, false)).isEqualTo(expected(turns, false));
  }

  @Test
  void aClientThatAskedForBatchesGetsOneBatchFramePerTurn() {
    List<List<Integer>> turns = List.of(List.of(10, 200, 3), List.of(7));
    assertThat(run(turns, true, false)).isEqualTo(expected(turns, true));
  }

  @Test
  void compressedConnectionsGetTheSameFramesWithOneFlushPerTurn() {
    List<List<Integer>> turns = List.of(List.of(10, 200, 70_000, 5), List.of(3, 4));
    assertThat(run(turns, false, true)).isEqualTo(expected(turns, false));
  }

  @Test
  void anyTurnsOfAnySizesArriveAsSent() {
    qt().withExamples(25).forAll(
            lists().of(lists().of(integers().between(0, 70_000)).ofSizeBetween(1, 6)).ofSizeBetween(1, 4),
            booleans().all(), booleans().all())
        .checkAssert((turns, batch, compress) -> assertThat(run(turns, batch, compress)).isEqualTo(expected(turns, batch)));
  }

  /** A JSON payload of about {@code size} bytes naming its turn and place. */
  private static String payload(int turn, int index, int size) {
    String head = "{\"turn\":" + turn + ",\"i\":" + index + ",\"pad\":\"";
    return head + "x".repeat(Math.max(0, size - head.length() - 2)) + "\"}";
  }

  private static List<String> expected(List<List<Integer>> turns, boolean batch) {
    List<String> out = new ArrayList<>();
    for (int t = 0; t < turns.size(); t++) {
      List<String> frames = new ArrayList<>();
      for (int i = 0; i < turns.get(t).size(); i++) {
        frames.add(payload(t, i, turns.get(t).get(i)));
      }
      if (batch && frames.size() > 1) {
        out.add("{\"t\":\"batch\",\"frames\":[" + String.join(",", frames) + "]}");
      } else {
        out.addAll(frames);
      }
    }
    return out;
  }

  /**
   * Serves one connection that sends {@code turns}, each in one loop turn, and returns the text
   * messages the client received; checks one flush per turn on the way.
   */
  private static List<String> run(List<List<Integer>> turns, boolean batch, boolean compress) {
    Vertx vertx = Vertx.vertx();
    try {
      AtomicInteger flushes = new AtomicInteger();
      Promise<Void> sent = Promise.promise();
      Router router = Router.router(vertx);
      UpgradeGate gate = new UpgradeGate(List.of(), new LiveConnections(), new ConnectionCap(ConnectionLimits.DEFAULTS));
      router.get("/").handler(ctx -> gate.upgrade(ctx, (ws, wire) -> serve(ws, wire, turns, batch, flushes, sent), c -> { }));
      HttpServer server = vertx.createHttpServer(new HttpServerOptions().setPerMessageWebSocketCompressionSupported(compress))
          .requestHandler(router);
      int port = server.listen(0, "127.0.0.1").await().actualPort();
      WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
          .setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 20).setTryUsePerMessageCompression(compress));
      BlockingQueue<String> received = new LinkedBlockingQueue<>();
      WebSocket socket = client.webSocket().textMessageHandler(received::add).connect(port, "127.0.0.1", "/").await();
      assertThat(socket.headers().get("sec-websocket-extensions") != null).isEqualTo(compress);
      int count = expected(turns, batch).size();
      List<String> out = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String message = poll(received);
        assertThat(message).as("message %d of %d", i + 1, count).isNotNull();
        out.add(message);
      }
      sent.future().await();
      assertThat(flushes.get()).as("flushes for %d turns", turns.size()).isEqualTo(turns.size());
      return out;
    } finally {
      vertx.close().await();
    }
  }

  private static LiveConnections.Drainable serve(ServerWebSocket ws, SocketWire wire, List<List<Integer>> turns,
      boolean batch, AtomicInteger flushes, Promise<Void> sent) {
    assertThat(wire.channel()).as("the socket's Netty channel").isNotNull();
    wire.channel().pipeline().addFirst(new ChannelOutboundHandlerAdapter() {
      @Override
      public void flush(ChannelHandlerContext ctx) {
        flushes.incrementAndGet();
        ctx.flush();
      }

      @Override
      public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        ctx.write(msg, promise);
      }
    });
    Context context = Vertx.currentContext();
    FlushingOutbound out = new FlushingOutbound(ws, wire, new LoopFlusher(context), MAX_OUTBOUND, () -> { });
    if (batch) {
      out.allowBatches();
    }
    sendTurn(context, out, turns, 0, sent);
    return () -> Future.succeededFuture();
  }

  /**
   * Queues turn {@code t}, then the next one once the flusher may flush again (it spaces a loop's
   * flushes {@link LoopFlusher#MIN_INTERVAL_NANOS} apart), so that each turn gets its own flush.
   */
  private static void sendTurn(Context context, FlushingOutbound out, List<List<Integer>> turns, int t, Promise<Void> sent) {
    if (t == turns.size()) {
      context.runOnContext(v -> sent.tryComplete());
      return;
    }
    for (int i = 0; i < turns.get(t).size(); i++) {
      out.send(payload(t, i, turns.get(t).get(i)).getBytes(StandardCharsets.UTF_8));
    }
    long gapMs = TimeUnit.NANOSECONDS.toMillis(LoopFlusher.MIN_INTERVAL_NANOS) + 2;
    context.owner().setTimer(gapMs, id -> sendTurn(context, out, turns, t + 1, sent));
  }

  private static String poll(BlockingQueue<String> received) {
    try {
      return received.poll(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
