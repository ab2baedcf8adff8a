package io.lockstep.presence.testing;

import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * One {@code /presence} WebSocket on a shared {@link WebSocketClient}, with the frames the server
 * sent queued in arrival order, for a test thread to block on. When the socket closes a marker
 * {@code {"t":"_closed","code":…}} is queued after the last frame.
 */
public final class PresenceClient implements AutoCloseable {
  public static final String CLOSED = "_closed";

  private final WebSocket ws;
  private final BlockingQueue<JsonObject> frames;
  private final AtomicLong ids = new AtomicLong();
  private String conn;

  private PresenceClient(WebSocket ws, BlockingQueue<JsonObject> frames) {
    this.ws = ws;
    this.frames = frames;
  }

  public static PresenceClient connect(WebSocketClient client, int port) {
    return connect(client, port, Map.of());
  }

  /** Connects with extra handshake headers (e.g. {@code Origin}); fails the test when refused. */
  public static PresenceClient connect(WebSocketClient client, int port, Map<String, String> headers) {
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
        .setURI("/presence").addSubProtocol("lockstep.v1");
    headers.forEach(options::addHeader);
    BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    // Handlers are set in the connect future's chain, on the socket's loop, so no frame is missed.
    WebSocket ws = client.connect(options).map(socket -> {
      socket.textMessageHandler(text -> frames.add(new JsonObject(text)));
      socket.closeHandler(v -> frames.add(new JsonObject().put("t", CLOSED)
          .put("code", socket.closeStatusCode() == null ? -1 : (int) socket.closeStatusCode())));
      return socket;
    }).await();
    return new PresenceClient(ws, frames);
  }

  /** {@code hello} (with a token when not null); returns the welcome and remembers this connection's id. */
  public JsonObject hello(String token) {
    JsonObject hello = new JsonObject().put("t", "hello");
    if (token != null) {
      hello.put("token", token);
    }
    JsonObject welcome = request(hello);
    conn = welcome.getString("conn");
    return welcome;
  }

  public String conn() {
    return conn;
  }

  /** {@code join}; returns the reply ({@code members} or {@code err}). */
  public JsonObject join(String room, String user, JsonObject meta) {
    JsonObject join = new JsonObject().put("t", "join").put("room", room);
    if (user != null) {
      join.put("user", user);
    }
    if (meta != null) {
      join.put("meta", meta);
    }
    return request(join);
  }

  public void meta(String room, JsonObject meta) {
    send(new JsonObject().put("t", "meta").put("room", room).put("meta", meta));
  }

  public JsonObject leave(String room) {
    return request(new JsonObject().put("t", "leave").put("room", room));
  }

  public void heartbeat() {
    send(new JsonObject().put("t", "hb"));
  }

  public void send(JsonObject frame) {
    ws.writeTextMessage(frame.encode());
  }

  public void sendText(String text) {
    ws.writeTextMessage(text);
  }

  public void sendBinary(byte[] data) {
    ws.writeBinaryMessage(io.vertx.core.buffer.Buffer.buffer(data));
  }

  /** Sends {@code frame} with a fresh id and returns the frame answering it; frames before it stay queued. */
  public JsonObject request(JsonObject frame) {
    long id = ids.incrementAndGet() + 1_000_000;
    send(frame.copy().put("id", id));
    List<JsonObject> skipped = new ArrayList<>();
    try {
      while (true) {
        JsonObject next = next();
        if (next.getValue("re") instanceof Number re && re.longValue() == id) {
          return next;
        }
        if (CLOSED.equals(next.getString("t"))) {
          throw new AssertionError("the connection closed before the reply to " + frame.encode());
        }
        skipped.add(next);
      }
    } finally {
      List<JsonObject> rest = new ArrayList<>();
      frames.drainTo(rest);
      frames.addAll(skipped);
      frames.addAll(rest);
    }
  }

  /** The next frame within {@code millis}, or null. */
  public JsonObject poll(long millis) {
    try {
      return frames.poll(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The next frame, waiting up to 10 s. */
  public JsonObject next() {
    JsonObject frame = poll(10_000);
    if (frame == null) {
      throw new AssertionError("no frame from the server within 10 s");
    }
    return frame;
  }

  /** Skips frames until one matches, within {@code millis}; fails the test otherwise. */
  public JsonObject await(Predicate<JsonObject> wanted, long millis, String what) {
    long deadline = System.currentTimeMillis() + millis;
    while (true) {
      long left = deadline - System.currentTimeMillis();
      JsonObject next = left > 0 ? poll(left) : null;
      if (next == null) {
        throw new AssertionError("not within " + millis + " ms: " + what);
      }
      if (wanted.test(next)) {
        return next;
      }
    }
  }

  /** Every frame that arrives within {@code millis}. */
  public List<JsonObject> drain(long millis) {
    List<JsonObject> out = new ArrayList<>();
    long deadline = System.currentTimeMillis() + millis;
    for (long left = millis; left > 0; left = deadline - System.currentTimeMillis()) {
      JsonObject next = poll(left);
      if (next != null) {
        out.add(next);
      }
    }
    return out;
  }

  /** Like {@link #drain}, sending a heartbeat every 100 ms so the connection is not expired meanwhile. */
  public List<JsonObject> drainWhileHeartbeating(long millis) {
    List<JsonObject> out = new ArrayList<>();
    for (long waited = 0; waited < millis; waited += 100) {
      heartbeat();
      out.addAll(drain(100));
    }
    return out;
  }

  /** Whether {@code frame} is a {@code presence} frame of {@code room} whose {@code list} names {@code conn}. */
  public static boolean presence(JsonObject frame, String room, String list, String conn) {
    if (!"presence".equals(frame.getString("t")) || !room.equals(frame.getString("room"))) {
      return false;
    }
    JsonArray entries = frame.getJsonArray(list);
    for (int i = 0; i < entries.size(); i++) {
      if (conn.equals(entries.getJsonObject(i).getString("conn"))) {
        return true;
      }
    }
    return false;
  }

  /** Starts closing the socket; frames still queued stay readable. */
  @Override
  public void close() {
    ws.close();
  }
}
