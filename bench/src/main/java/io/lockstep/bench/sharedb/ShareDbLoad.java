package io.lockstep.bench.sharedb;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * N editors on one document over ShareDB's protocol, against any server that speaks it (ShareDB
 * itself, or Lockstep's {@code /sharedb}): closed loop, one op in flight per editor. Prints acked
 * ops per second and the ack latency, measured over the run after a warm-up.
 *
 * <pre>java -cp lockstep-bench.jar io.lockstep.bench.sharedb.ShareDbLoad ws://127.0.0.1:8080/sharedb 50 20 5</pre>
 * Arguments: URL, editors, seconds measured, seconds of warm-up. The document is created first
 * ({@code {"text":""}}) by the first editor's creation op.
 */
public final class ShareDbLoad {
  private ShareDbLoad() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      System.err.println("usage: ShareDbLoad <ws-url> <editors> <seconds> <warmup-seconds>");
      System.exit(2);
    }
    URI url = URI.create(args[0]);
    int editors = Integer.parseInt(args[1]);
    int seconds = Integer.parseInt(args[2]);
    int warmup = Integer.parseInt(args[3]);
    String id = "load-" + System.currentTimeMillis();
    Vertx vertx = Vertx.vertx();
    try {
      run(vertx, url, editors, seconds, warmup, id);
    } finally {
      vertx.close().await();
    }
  }

  private static void run(Vertx vertx, URI url, int editors, int seconds, int warmup, String id) throws Exception {
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(editors + 1));
    create(client, url, id);
    Recorder latency = new Recorder(3);
    List<ShareDbEditor> all = new ArrayList<>();
    for (int i = 0; i < editors; i++) {
      var ws = client.connect(options(url)).await();
      ShareDbEditor editor = new ShareDbEditor(ws, "bench", id, latency);
      all.add(editor);
      editor.join().await(10, TimeUnit.SECONDS);
    }
    all.forEach(ShareDbEditor::start);
    Thread.sleep(warmup * 1000L);
    latency.reset();
    long ackedBefore = all.stream().mapToLong(e -> e.acked).sum();
    long start = System.nanoTime();
    Thread.sleep(seconds * 1000L);
    long acked = all.stream().mapToLong(e -> e.acked).sum() - ackedBefore;
    double elapsed = (System.nanoTime() - start) / 1e9;
    Histogram h = latency.getIntervalHistogram();
    all.forEach(ShareDbEditor::stop);
    long errors = all.stream().mapToLong(e -> e.errors).sum();
    System.out.printf(Locale.ROOT, "editors=%d seconds=%.1f acked_ops=%d ops_per_s=%.0f latency_ms p50=%.2f p99=%.2f max=%.2f errors=%d%n",
        editors, elapsed, acked, acked / elapsed, h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(99) / 1e3,
        h.getMaxValue() / 1e3, errors);
  }

  /** Creates the document over the protocol itself, so both servers see the same request. */
  private static void create(WebSocketClient client, URI url, String id) throws Exception {
    var ws = client.connect(options(url)).await();
    var created = Promise.<Void>promise();
    ws.textMessageHandler(text -> {
      var message = new JsonObject(text);
      if ("hs".equals(message.getString("a"))) {
        ws.writeTextMessage(new JsonObject().put("a", "op").put("c", "bench").put("d", id).put("v", 0)
            .put("seq", 1).put("create", new JsonObject().put("type", "json0")
                .put("data", new JsonObject().put("text", ""))).encode());
      } else if ("op".equals(message.getString("a"))) {
        if (message.containsKey("error")) {
          created.tryFail(message.encode());
        } else {
          created.tryComplete();
        }
      }
    });
    ws.writeTextMessage("{\"a\":\"hs\",\"id\":null,\"protocol\":1,\"protocolMinor\":2}");
    created.future().await(10, TimeUnit.SECONDS);
    ws.close().await();
  }

  private static WebSocketConnectOptions options(URI url) {
    return new WebSocketConnectOptions().setHost(url.getHost()).setPort(url.getPort())
        .setURI(url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery()))
        .setConnectTimeout(10_000);
  }
}
