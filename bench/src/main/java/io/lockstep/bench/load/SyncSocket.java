package io.lockstep.bench.load;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.Json;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One client WebSocket on {@code /sync}, as a load generator needs it: request ids, setup requests
 * that wait for their reply (bounded by a timeout), and every other frame handed to one listener in
 * arrival order, on the connection's event loop. Frames are decoded to plain maps and lists. A
 * socket that asked for batches ({@code "batch":true} in {@code hello}, as the browser SDK does)
 * unpacks each {@code batch} frame into its frames, in order.
 */
final class SyncSocket {
  private final Vertx vertx;
  private final WebSocket ws;
  private final Context context;
  private final Duration timeout;
  private final boolean batch;
  private final Map<Long, Promise<Map<String, Object>>> awaiting = new HashMap<>();
  private Consumer<Map<String, Object>> listener = frame -> { };
  private Consumer<Short> onClose = code -> { };
  private long nextId = 1;
  private volatile boolean closing;

  private SyncSocket(Vertx vertx, WebSocket ws, Context context, Duration timeout, boolean batch) {
    this.vertx = vertx;
    this.ws = ws;
    this.context = context;
    this.timeout = timeout;
    this.batch = batch;
  }

  /**
   * Opens a connection offering {@code lockstep.v1}; fails after {@code timeout}. With
   * {@code batch}, its {@link #hello} asks the server for batch frames.
   */
  static Future<SyncSocket> connect(Vertx vertx, WebSocketClient client, URI url, Duration timeout, boolean batch) {
    WebSocketConnectOptions options = new WebSocketConnectOptions()
        .setHost(url.getHost())
        .setPort(url.getPort())
        .setURI(url.getRawPath())
        .setSubProtocols(List.of("lockstep.v1"))
        .setConnectTimeout(timeout.toMillis())
        .setTimeout(timeout.toMillis());
    return client.connect(options).map(ws -> {
      SyncSocket socket = new SyncSocket(vertx, ws, vertx.getOrCreateContext(), timeout, batch);
      ws.textMessageHandler(socket::onText);
      ws.closeHandler(v -> socket.onClose.accept(ws.closeStatusCode()));
      ws.exceptionHandler(e -> { });
      return socket;
    });
  }

  Context context() {
    return context;
  }

  /** Where frames that are not replies to {@link #request} go. Set on the socket's context. */
  void listen(Consumer<Map<String, Object>> listener) {
    this.listener = listener;
  }

  /** Called with the close code when the socket closes, unless {@link #close} closed it. */
  void onUnexpectedClose(Consumer<Short> onClose) {
    this.onClose = code -> {
      if (!closing) {
        onClose.accept(code);
      }
    };
  }

  /** Says hello as {@code src}, asking for batch frames when this socket was opened with {@code batch}. */
  Future<Map<String, Object>> hello(String src) {
    Map<String, Object> hello = new HashMap<>();
    hello.put("t", "hello");
    hello.put("src", src);
    if (batch) {
      hello.put("batch", true);
    }
    return request(hello);
  }

  /** Sends {@code frame} with a fresh request id and completes with the reply ({@code err} fails it). */
  Future<Map<String, Object>> request(Map<String, Object> frame) {
    Promise<Map<String, Object>> reply = Promise.promise();
    long id = send(frame);
    awaiting.put(id, reply);
    long timer = vertx.setTimer(timeout.toMillis(),
        t -> {
          if (awaiting.remove(id) != null) {
            reply.tryFail("no reply to " + frame.get("t") + " within " + timeout.toMillis() + " ms");
          }
        });
    return reply.future().andThen(ar -> vertx.cancelTimer(timer));
  }

  /** Sends {@code frame} with a fresh request id (put into the map) and returns that id. Call on the socket's context. */
  long send(Map<String, Object> frame) {
    long id = nextId++;
    frame.put("id", id);
    ws.writeTextMessage(Json.encode(frame));
    return id;
  }

  Future<Void> close() {
    closing = true;
    return ws.close();
  }

  @SuppressWarnings("unchecked")
  private void onText(String text) {
    Map<String, Object> frame = Json.CODEC.fromString(text, Map.class);
    if ("batch".equals(frame.get("t")) && frame.get("frames") instanceof List<?> frames) {
      frames.forEach(f -> onFrame((Map<String, Object>) f));
    } else {
      onFrame(frame);
    }
  }

  private void onFrame(Map<String, Object> frame) {
    Object re = frame.get("re");
    if (re instanceof Number n) {
      Promise<Map<String, Object>> reply = awaiting.remove(n.longValue());
      if (reply != null) {
        if ("err".equals(frame.get("t"))) {
          reply.tryFail(frame.get("code") + ": " + frame.get("msg"));
        } else {
          reply.tryComplete(frame);
        }
        return;
      }
    }
    listener.accept(frame);
  }
}
