package io.lockstep.sync.convergence;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * crdt documents across two real Lockstep processes sharing one Redis (docker/run-local-topology.sh):
 * every write acknowledged by one node is in a read through the other at once (read-your-writes
 * through any node), writers on both nodes at once all count, a subscriber on one node gets the
 * committed ops (with their rm lists) of writes made through the other, and a resubmission through
 * the other node is committed once. Runs under failsafe after {@code package}.
 */
class CrdtScaleOutIT {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir
  Path dir;

  @Test
  @Timeout(value = 240, unit = TimeUnit.SECONDS)
  void crdtDocumentsMergeAcrossNodesAndEveryReadSeesEveryAckedWrite() throws Exception {
    try (LocalTopology topology = LocalTopology.start(dir.resolve("topology"), 2)) {
      List<Integer> ports = topology.nodePorts();
      String doc = "crdt%2Fscale";
      assertThat(send(ports.get(0), "PUT", "/docs/" + doc, "{\"type\":\"crdt\",\"data\":{}}").statusCode()).isEqualTo(201);

      LinkedBlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
      WebSocket subscriber = subscribe(ports.get(1), "crdt/scale", frames);
      JsonObject snapshot = next(frames);
      assertThat(snapshot.getString("t")).isEqualTo("snapshot");

      // Read-your-writes: each write acked by one node is in a read through the other, at once.
      for (int i = 0; i < 20; i++) {
        int writeNode = ports.get(i % 2);
        int readNode = ports.get((i + 1) % 2);
        JsonObject body = new JsonObject().put("v", 1).put("op", new JsonArray()
            .add(component("hits", "inc", 1)).add(component("tags", "add", "t" + (i % 5))));
        HttpResponse<String> acked = send(writeNode, "POST", "/docs/" + doc + "/ops", body.encode());
        assertThat(acked.statusCode()).as(acked.body()).isEqualTo(200);
        long v = new JsonObject(acked.body()).getLong("v");
        JsonObject read = new JsonObject(send(readNode, "GET", "/docs/" + doc, null).body());
        assertThat(read.getLong("v")).as("read through the other node after the ack of v%d", v).isGreaterThanOrEqualTo(v);
        assertThat(read.getJsonObject("value").getLong("hits")).isEqualTo(i + 1);
      }

      // Six writers on both nodes at once, each sending its ops one after another (a client's ops
      // commit in seq order): every increment counts, and each commits exactly once.
      List<CompletableFuture<Integer>> writers = new ArrayList<>();
      for (int w = 0; w < 6; w++) {
        CompletableFuture<Integer> chain = CompletableFuture.completedFuture(200);
        for (int seq = 1; seq <= 10; seq++) {
          JsonObject body = new JsonObject().put("v", 1).put("src", "w" + w).put("seq", seq)
              .put("op", new JsonArray().add(component("hits", "inc", 2)));
          int port = ports.get(w % 2);
          chain = chain.thenCompose(status -> status != 200 ? CompletableFuture.completedFuture(status)
              : sendAsync(port, "/docs/" + doc + "/ops", body.encode()).thenApply(HttpResponse::statusCode));
        }
        writers.add(chain);
      }
      for (CompletableFuture<Integer> writer : writers) {
        assertThat(writer.get(60, TimeUnit.SECONDS)).isEqualTo(200);
      }
      JsonObject resubmitted = new JsonObject().put("v", 1).put("src", "w0").put("seq", 1)
          .put("op", new JsonArray().add(component("hits", "inc", 2)));
      HttpResponse<String> again = send(ports.get(1), "POST", "/docs/" + doc + "/ops", resubmitted.encode());
      assertThat(again.statusCode()).isEqualTo(200);

      // A remove through node 2 made against version 1 had seen no add: every tag stays.
      send(ports.get(1), "POST", "/docs/" + doc + "/ops",
          new JsonObject().put("v", 1).put("op", new JsonArray().add(component("tags", "remove", "t0"))).encode());
      JsonObject end = new JsonObject(send(ports.get(0), "GET", "/docs/" + doc, null).body());
      assertThat(end.getJsonObject("value").getLong("hits")).isEqualTo(20 + 120);
      assertThat(end.getJsonObject("value").getJsonArray("tags")).containsExactly("t0", "t1", "t2", "t3", "t4");
      assertThat(end.getLong("v")).isEqualTo(1 + 20 + 60 + 1);

      // The subscriber on node 2 got every op, in order, with the committed rm lists.
      long expected = snapshot.getLong("v") + 1;
      JsonObject lastOp = null;
      while (expected <= end.getLong("v")) {
        JsonObject frame = next(frames);
        if (!"op".equals(frame.getString("t"))) {
          continue;
        }
        assertThat(frame.getLong("v")).isEqualTo(expected++);
        lastOp = frame;
      }
      assertThat(lastOp.getJsonArray("op").getJsonObject(0).getJsonArray("rm")).isEmpty();
      subscriber.abort();
    }
  }

  private static JsonObject component(String field, String instruction, Object operand) {
    return new JsonObject().put("p", new JsonArray().add(field)).put(instruction, operand);
  }

  private static HttpResponse<String> send(int port, String method, String path, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30));
    request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static CompletableFuture<HttpResponse<String>> sendAsync(int port, String path, String body) {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString());
  }

  private static WebSocket subscribe(int port, String doc, LinkedBlockingQueue<JsonObject> frames) throws Exception {
    WebSocket socket = HTTP.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/sync"), new WebSocket.Listener() {
      private final StringBuilder partial = new StringBuilder();

      @Override
      public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
          JsonObject frame = new JsonObject(partial.toString());
          partial.setLength(0);
          frames.add(frame);
        }
        ws.request(1);
        return null;
      }
    }).get(10, TimeUnit.SECONDS);
    socket.sendText(new JsonObject().put("t", "hello").put("id", 1).put("src", "watcher").encode(), true).get(10, TimeUnit.SECONDS);
    assertThat(next(frames).getString("t")).isEqualTo("welcome");
    socket.sendText(new JsonObject().put("t", "sub").put("id", 2).put("doc", doc).encode(), true).get(10, TimeUnit.SECONDS);
    return socket;
  }

  private static JsonObject next(LinkedBlockingQueue<JsonObject> frames) throws InterruptedException {
    JsonObject frame = frames.poll(30, TimeUnit.SECONDS);
    assertThat(frame).as("a frame within 30 s").isNotNull();
    return frame;
  }
}
