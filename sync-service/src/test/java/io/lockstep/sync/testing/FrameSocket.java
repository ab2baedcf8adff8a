package io.lockstep.sync.testing;

import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One {@code /sync} WebSocket on a {@link WebSocketClient} shared by many sockets (unlike
 * {@link WsTestClient}, which starts a Vert.x instance per connection), with its own queue of the
 * frames the server sent, in arrival order. Meant for tests that run many clients and reconnect
 * them often. When the socket closes, a marker frame {@code {"t":"_closed","code":…}} is queued
 * after the last frame, so a reader learns about the close in order.
 */
public final class FrameSocket implements AutoCloseable {
  /** The {@code t} of the marker queued when the socket closes. */
  public static final String CLOSED = "_closed";

  private final WebSocket ws;
  private final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();

  private FrameSocket(WebSocket ws) {
    this.ws = ws;
    ws.textMessageHandler(text -> frames.add(new JsonObject(text)));
    ws.closeHandler(v -> frames.add(new JsonObject().put("t", CLOSED)
        .put("code", ws.closeStatusCode() == null ? -1 : (int) ws.closeStatusCode())));
  }

  /** Opens a socket to {@code /sync} on the loopback {@code port}; blocks up to 10 s. */
  public static FrameSocket connect(WebSocketClient client, int port) {
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
        .setURI("/sync").addSubProtocol("lockstep.v1");
    try {
      WebSocket ws = client.connect(options).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      return new FrameSocket(ws);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while connecting", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new AssertionError("could not connect to ws://127.0.0.1:" + port + "/sync", e);
    }
  }

  /** Queues {@code frame} for sending; frames sent from one thread go out in order. */
  public void send(JsonObject frame) {
    ws.writeTextMessage(frame.encode());
  }

  /** The next frame within {@code millis} (0: only one already there), or null. */
  public JsonObject poll(long millis) {
    try {
      return millis <= 0 ? frames.poll() : frames.poll(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for a frame", e);
    }
  }

  /** The next frame, waiting up to 10 s; fails when none comes. */
  public JsonObject next() {
    JsonObject frame = poll(10_000);
    if (frame == null) {
      throw new AssertionError("no frame from the server within 10 s");
    }
    return frame;
  }

  /**
   * Sends {@code frame}, which must carry an {@code id}, and returns the frame that answers it
   * ({@code re} equal to the id); frames before it are dropped, so use it on connections where
   * nothing else matters.
   */
  public JsonObject request(JsonObject frame) {
    long id = frame.getLong("id");
    send(frame);
    while (true) {
      JsonObject next = next();
      if (next.getValue("re") instanceof Number re && re.longValue() == id) {
        return next;
      }
      if (CLOSED.equals(next.getString("t"))) {
        throw new AssertionError("the connection closed before the reply to " + frame.encode());
      }
    }
  }

  /** Starts closing the socket without waiting; frames still queued stay readable. */
  @Override
  public void close() {
    ws.close();
  }
}
