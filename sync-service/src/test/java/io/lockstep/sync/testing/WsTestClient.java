package io.lockstep.sync.testing;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A plain blocking WebSocket client for tests: sends frames, and hands back every frame the
 * server sent, in arrival order. Runs on its own Vert.x instance so a test thread can block on it.
 */
public final class WsTestClient implements AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final Vertx vertx;
  // Held in a field: Vert.x closes the connections of a WebSocketClient that is garbage collected.
  private final WebSocketClient client;
  private final WebSocket ws;
  private final BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
  private final AtomicLong ids = new AtomicLong();
  private volatile Short closeCode;

  private WsTestClient(Vertx vertx, int port) {
    this.vertx = vertx;
    this.client = vertx.createWebSocketClient(new WebSocketClientOptions()
        .setMaxFrameSize(16 * 1024 * 1024).setMaxMessageSize(64 * 1024 * 1024));
    // Handlers are set on the socket's own event loop, in the connect future's chain: set from the
    // test thread, the loop might not see them yet and drop the first frames.
    this.ws = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
        .setURI("/sync").addSubProtocol("lockstep.v1")).map(socket -> {
          socket.textMessageHandler(text -> received.add(new JsonObject(text)));
          socket.closeHandler(v -> closeCode = socket.closeStatusCode() == null ? -1 : socket.closeStatusCode());
          return socket;
        }).await();
  }

  public static WsTestClient connect(int port) {
    return new WsTestClient(Vertx.vertx(), port);
  }

  public long nextId() {
    return ids.incrementAndGet();
  }

  public void send(JsonObject frame) {
    ws.writeTextMessage(frame.encode());
  }

  public void sendText(String text) {
    ws.writeTextMessage(text);
  }

  /** Sends {@code frame} with a fresh id and returns the reply with that {@code re}; other frames are kept. */
  public JsonObject request(JsonObject frame) {
    long id = nextId();
    send(frame.copy().put("id", id));
    return awaitReply(id);
  }

  public JsonObject awaitReply(long id) {
    List<JsonObject> skipped = new ArrayList<>();
    try {
      while (true) {
        JsonObject next = next();
        if (next.getValue("re") instanceof Number re && re.longValue() == id) {
          return next;
        }
        skipped.add(next);
      }
    } finally {
      List<JsonObject> rest = new ArrayList<>();
      received.drainTo(rest);
      received.addAll(skipped);
      received.addAll(rest);
    }
  }

  /** The next frame, waiting up to 10 s. */
  public JsonObject next() {
    try {
      JsonObject frame = received.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      if (frame == null) {
        throw new AssertionError("no frame from the server within " + TIMEOUT);
      }
      return frame;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The next frame within {@code millis}, or null. */
  public JsonObject poll(long millis) {
    try {
      return received.poll(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** The WebSocket close code once the server closed the connection, else null. */
  public Short closeCode() {
    return closeCode;
  }

  public boolean isClosed() {
    return closeCode != null || ws.isClosed();
  }

  @Override
  public void close() {
    try {
      ws.close().await();
    } catch (Exception ignored) {
      // already closed
    }
    vertx.close();
  }
}
