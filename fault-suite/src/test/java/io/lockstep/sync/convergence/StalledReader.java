package io.lockstep.sync.convergence;

import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@code /sync} client that subscribes to documents and then stops reading its socket (TCP
 * back-pressure all the way to the node) until {@link #resume}. What it then reads must still keep
 * the protocol's promises: per document the reply, then live ops at contiguous versions, up to the
 * document's final version; or, if the node gave up on it, a close with code 1008 (slow consumer).
 */
final class StalledReader implements AutoCloseable {
  private final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
  private final WebSocket ws;
  private final List<String> docs;

  private StalledReader(WebSocket ws, List<String> docs) {
    this.ws = ws;
    this.docs = List.copyOf(docs);
  }

  /** Connects to the node on {@code port}, subscribes to {@code docs}, waits for the replies, then stops reading. */
  static StalledReader stall(WebSocketClient sockets, int port, List<String> docs)
      throws InterruptedException, TimeoutException {
    BlockingQueue<JsonObject> queue = new LinkedBlockingQueue<>();
    WebSocket ws = sockets.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/sync"))
        .await(10, TimeUnit.SECONDS);
    StalledReader reader = new StalledReader(ws, docs);
    ws.textMessageHandler(text -> reader.frames.add(new JsonObject(text)));
    ws.closeHandler(v -> reader.frames.add(new JsonObject().put("t", "_closed")
        .put("code", ws.closeStatusCode() == null ? -1 : (int) ws.closeStatusCode())));
    for (int i = 0; i < docs.size(); i++) {
      ws.writeTextMessage(new JsonObject().put("t", "sub").put("id", i + 1).put("doc", docs.get(i)).encode());
    }
    long deadline = System.currentTimeMillis() + 10_000;
    int replies = 0;
    while (replies < docs.size() && System.currentTimeMillis() < deadline) {
      JsonObject frame = reader.frames.poll(50, TimeUnit.MILLISECONDS);
      if (frame != null) {
        queue.add(frame);
        if (frame.getValue("re") != null) {
          replies++;
        }
      }
    }
    reader.frames.drainTo(queue);
    reader.frames.addAll(queue);
    ws.pause();
    return reader;
  }

  void resume() {
    ws.resume();
  }

  /**
   * Reads until every document reached its version in {@code finalVersions} or the connection
   * closed, for at most {@code millis}; the protocol breaks found (empty when none).
   */
  List<String> check(Map<String, Long> finalVersions, long millis) throws InterruptedException {
    List<String> problems = new ArrayList<>();
    Map<String, Long> held = new HashMap<>();
    long deadline = System.currentTimeMillis() + millis;
    while (System.currentTimeMillis() < deadline) {
      if (docs.stream().allMatch(d -> held.getOrDefault(d, -1L) >= finalVersions.get(d))) {
        return problems;
      }
      JsonObject frame = frames.poll(50, TimeUnit.MILLISECONDS);
      if (frame == null) {
        continue;
      }
      String t = frame.getString("t");
      if ("_closed".equals(t)) {
        if (!Integer.valueOf(1008).equals(frame.getInteger("code"))) {
          problems.add("stalled reader closed with code " + frame.getValue("code") + ", not 1008");
        }
        return problems;
      }
      String doc = frame.getString("doc");
      if ("snapshot".equals(t)) {
        held.put(doc, frame.getLong("v"));
      } else if ("op".equals(t)) {
        long expected = held.getOrDefault(doc, -1L) + 1;
        if (frame.getLong("v") != expected) {
          problems.add("stalled reader: op v" + frame.getLong("v") + " of " + doc + " where v" + expected + " was due");
        }
        held.put(doc, Math.max(expected - 1, frame.getLong("v")));
      } else if ("err".equals(t)) {
        problems.add("stalled reader got " + frame.encode());
        return problems;
      } else if ("ops".equals(t)) {
        JsonArray ops = frame.getJsonArray("ops");
        held.put(doc, ops.isEmpty() ? frame.getLong("from") : ops.getJsonObject(ops.size() - 1).getLong("v"));
      }
    }
    problems.add("stalled reader did not reach " + finalVersions + " (held " + held + ") within " + millis + " ms of resuming");
    return problems;
  }

  @Override
  public void close() {
    ws.close();
  }
}
