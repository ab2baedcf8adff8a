package io.lockstep.bench.sharedb;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Recorder;

/**
 * One editor speaking ShareDB's wire protocol (what {@code sharedb/lib/client} sends, and no more):
 * handshake, subscribe, then a closed loop of one op in flight, the next sent on its ack. Each op
 * inserts a character at the start of the document's {@code text} string, which is valid at every
 * version, so the editor never needs the document's content: it only tracks the version, as the
 * server's op and ack messages give it. Runs on its socket's event loop.
 */
final class ShareDbEditor {
  private final WebSocket ws;
  private final String collection;
  private final String id;
  private final Recorder latency;
  private final Promise<Void> subscribed = Promise.promise();
  private String src;
  private long version = -1;
  private long seq;
  private long sentNanos;
  private boolean running;
  volatile long acked;
  volatile long received;
  volatile long errors;

  ShareDbEditor(WebSocket ws, String collection, String id, Recorder latency) {
    this.ws = ws;
    this.collection = collection;
    this.id = id;
    this.latency = latency;
    ws.textMessageHandler(text -> onMessage(new JsonObject(text)));
  }

  /** Handshake and subscribe; completes with the snapshot. */
  Future<Void> join() {
    ws.writeTextMessage(new JsonObject().put("a", "hs").putNull("id").put("protocol", 1).put("protocolMinor", 2).encode());
    return subscribed.future();
  }

  void start() {
    running = true;
    sendOne();
  }

  void stop() {
    running = false;
  }

  private void sendOne() {
    sentNanos = System.nanoTime();
    JsonArray op = new JsonArray().add(new JsonObject().put("p", new JsonArray().add("text").add(0)).put("si", "x"));
    ws.writeTextMessage(new JsonObject().put("a", "op").put("c", collection).put("d", id).put("v", version)
        .put("seq", ++seq).put("op", op).encode());
  }

  private void onMessage(JsonObject message) {
    if (message.containsKey("error")) {
      errors++;
      if ("op".equals(message.getString("a")) && running) {
        sendOne();
      }
      return;
    }
    switch (String.valueOf(message.getValue("a"))) {
      case "hs" -> {
        src = message.getString("id");
        ws.writeTextMessage(new JsonObject().put("a", "s").put("c", collection).put("d", id).encode());
      }
      case "s" -> {
        version = message.getJsonObject("data").getLong("v");
        subscribed.tryComplete();
      }
      case "op" -> onOp(message);
      default -> { }
    }
  }

  private void onOp(JsonObject message) {
    long v = message.getLong("v");
    boolean own = src != null && src.equals(message.getString("src")) && message.getLong("seq", -1L) == seq;
    version = Math.max(version, v + 1);
    if (!own) {
      received++;
      return;
    }
    acked++;
    latency.recordValue(Math.max(1, (System.nanoTime() - sentNanos) / 1_000));
    if (running) {
      sendOne();
    }
  }
}
