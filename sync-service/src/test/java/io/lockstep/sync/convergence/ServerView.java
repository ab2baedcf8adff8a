package io.lockstep.sync.convergence;

import io.lockstep.sync.testing.FrameSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The server as an outside observer sees it, through the wire only: snapshots by a fresh
 * {@code sub} and by {@code GET /docs/{doc}}, the op log by {@code fetch} and by
 * {@code GET /docs/{doc}/ops}. Every read uses a new connection, so nothing it does can disturb the
 * clients under test.
 */
final class ServerView {
  private final WebSocketClient sockets;
  private final int port;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  ServerView(WebSocketClient sockets, int port) {
    this.sockets = sockets;
    this.port = port;
  }

  /** Creates {@code doc} at version 1. */
  void create(String doc, String type, Object data) {
    try (FrameSocket socket = FrameSocket.connect(sockets, port)) {
      JsonObject reply = socket.request(new JsonObject().put("t", "create").put("id", 1).put("doc", doc)
          .put("type", type).put("data", data));
      if (!"ack".equals(reply.getString("t")) || reply.getLong("v") != 1) {
        throw new AssertionError("create " + doc + ": " + reply.encode());
      }
    }
  }

  /** The reply to a fresh {@code sub}: {@code {"t":"snapshot","v":…,"type":…,"data":…}}. */
  JsonObject snapshotBySub(String doc) {
    try (FrameSocket socket = FrameSocket.connect(sockets, port)) {
      JsonObject reply = socket.request(new JsonObject().put("t", "sub").put("id", 1).put("doc", doc));
      if (!"snapshot".equals(reply.getString("t"))) {
        throw new AssertionError("sub " + doc + ": " + reply.encode());
      }
      return reply;
    }
  }

  /** Every op of {@code doc} after version 0, by {@code fetch}, page after page ({@code next}). */
  List<JsonObject> opLog(String doc) {
    try (FrameSocket socket = FrameSocket.connect(sockets, port)) {
      List<JsonObject> all = new ArrayList<>();
      Long from = 0L;
      for (int page = 1; from != null && page < 10_000; page++) {
        JsonObject reply = socket.request(new JsonObject().put("t", "fetch").put("id", page).put("doc", doc).put("from", from));
        if (!"ops".equals(reply.getString("t"))) {
          throw new AssertionError("fetch " + doc + ": " + reply.encode());
        }
        all.addAll(entries(reply.getJsonArray("ops")));
        from = reply.getLong("next");
      }
      return all;
    }
  }

  /** {@code GET /docs/{doc}}: {@code {"v":…,"type":…,"data":…}}. */
  JsonObject snapshotByHttp(String doc) {
    return get("/docs/" + encode(doc));
  }

  /** {@code GET /docs/{doc}/ops}: every op after version 0, page after page ({@code next}). */
  List<JsonObject> opLogByHttp(String doc) {
    List<JsonObject> all = new ArrayList<>();
    Long from = 0L;
    for (int page = 0; from != null && page < 10_000; page++) {
      JsonObject body = get("/docs/" + encode(doc) + "/ops?from=" + from);
      all.addAll(entries(body.getJsonArray("ops")));
      from = body.getLong("next");
    }
    return all;
  }

  private JsonObject get(String path) {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10)).GET().build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new AssertionError("GET " + path + ": " + response.statusCode() + " " + response.body());
      }
      return new JsonObject(response.body());
    } catch (IOException e) {
      throw new AssertionError("GET " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static String encode(String doc) {
    return URLEncoder.encode(doc, StandardCharsets.UTF_8);
  }

  private static List<JsonObject> entries(JsonArray ops) {
    List<JsonObject> out = new ArrayList<>(ops.size());
    for (int i = 0; i < ops.size(); i++) {
      out.add(ops.getJsonObject(i));
    }
    return out;
  }
}
