package io.lockstep.bench.baseline;

import io.netty.buffer.Unpooled;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.websocket.WebSocketFrameImpl;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The baseline for Lockstep's fan-out and connection figures: the least a Vert.x server must do to
 * broadcast, with none of Lockstep's work (no OT, no store, no auth, no limits, no metrics
 * registry). It speaks just enough of PROTOCOL.md for LoadGen's {@code fanout} scenario to run
 * against it unchanged: {@code hello} → {@code welcome}; {@code create} stores the data;
 * {@code sub} → {@code snapshot}; {@code op} gets the next version, an {@code ack}, and one
 * {@code op} frame, encoded once, written to every other subscriber of the document with one
 * {@code writeFrame} each. {@code GET /health} answers 200 and {@code GET /metrics} the heap
 * in use, in the metric LoadGen reads.
 *
 * <p>Each op frame is built from the bytes encoded once with Vert.x's internal
 * {@code WebSocketFrameImpl}, as Lockstep's {@code TextFrames} does, so both servers do the same
 * writes; this class has no Lockstep code to reach {@code TextFrames} through, and is the one class
 * of bench allowed a Vert.x internal ({@code BenchArchitectureTest}).
 *
 * <p>One event loop, as a server pinned to one core gets; WebSocket compression declined unless
 * {@code --ws-compression true} (Lockstep's default), so the two servers negotiate the same.
 *
 * <p>Run: {@code java -cp bench/target/lockstep-bench.jar io.lockstep.bench.baseline.BareBroadcastServer
 * --port 9100 [--host 127.0.0.1] [--ws-compression false]} (or {@code bench/run-load.sh --bare fanout …}).
 */
public final class BareBroadcastServer {
  private final Map<String, Doc> docs = new HashMap<>();

  /** One document: its version, its data as created, and who is subscribed. */
  private static final class Doc {
    long v;
    Object data;
    final List<ServerWebSocket> subscribers = new ArrayList<>();
  }

  private BareBroadcastServer() {}

  public static void main(String[] args) {
    Map<String, String> flags = new HashMap<>(Map.of("--host", "127.0.0.1", "--port", "9100", "--ws-compression", "false"));
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!flags.containsKey(args[i])) {
        throw new IllegalArgumentException("unknown flag " + args[i] + "; flags: " + flags.keySet());
      }
      flags.put(args[i], args[i + 1]);
    }
    boolean compression = Boolean.parseBoolean(flags.get("--ws-compression"));
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    BareBroadcastServer broadcast = new BareBroadcastServer();
    HttpServer server = vertx.createHttpServer(new HttpServerOptions()
        .setPerFrameWebSocketCompressionSupported(false)
        .setPerMessageWebSocketCompressionSupported(compression)
        .setWebSocketSubProtocols(List.of("lockstep.v1")));
    server.webSocketHandler(broadcast::accept)
        .requestHandler(request -> {
          if ("/metrics".equals(request.path())) {
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            request.response().end("jvm_memory_used_bytes{area=\"heap\"} " + heap + "\n");
          } else {
            request.response().setStatusCode("/health".equals(request.path()) ? 200 : 404).end();
          }
        })
        .listen(Integer.parseInt(flags.get("--port")), flags.get("--host"))
        .onSuccess(s -> System.out.println("bare broadcast server on " + flags.get("--host") + ":" + s.actualPort()))
        .onFailure(e -> {
          e.printStackTrace();
          System.exit(1);
        });
  }

  private void accept(ServerWebSocket ws) {
    List<Doc> subscribed = new ArrayList<>();
    ws.textMessageHandler(text -> onFrame(ws, new JsonObject(text), subscribed));
    ws.closeHandler(v -> subscribed.forEach(doc -> doc.subscribers.remove(ws)));
  }

  private void onFrame(ServerWebSocket ws, JsonObject frame, List<Doc> subscribed) {
    Object id = frame.getValue("id");
    String t = frame.getString("t", "");
    Doc doc = frame.containsKey("doc") ? docs.computeIfAbsent(frame.getString("doc"), k -> new Doc()) : null;
    switch (t) {
      case "hello" -> reply(ws, new JsonObject().put("t", "welcome").put("re", id));
      case "create" -> {
        doc.v = 1;
        doc.data = frame.getValue("data");
        reply(ws, new JsonObject().put("t", "ack").put("re", id).put("doc", frame.getString("doc")).put("v", doc.v));
      }
      case "sub" -> {
        doc.subscribers.add(ws);
        subscribed.add(doc);
        reply(ws, new JsonObject().put("t", "snapshot").put("re", id).put("doc", frame.getString("doc"))
            .put("v", doc.v).put("data", doc.data));
      }
      case "op" -> {
        long v = ++doc.v;
        reply(ws, new JsonObject().put("t", "ack").put("re", id).put("doc", frame.getString("doc")).put("v", v));
        byte[] op = new JsonObject().put("t", "op").put("doc", frame.getString("doc")).put("v", v)
            .put("src", frame.getValue("src")).put("seq", frame.getValue("seq")).put("op", frame.getValue("op"))
            .toBuffer().getBytes();
        for (ServerWebSocket subscriber : doc.subscribers) {
          if (subscriber != ws) {
            // The same zero-copy frame of the one encoding that Lockstep's Outbound writes.
            subscriber.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, Unpooled.wrappedBuffer(op), true));
          }
        }
      }
      default -> reply(ws, new JsonObject().put("t", "err").put("re", id).put("code", "bad_request"));
    }
  }

  private static void reply(ServerWebSocket ws, JsonObject frame) {
    ws.writeTextMessage(frame.encode());
  }
}
