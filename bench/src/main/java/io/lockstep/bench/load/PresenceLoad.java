package io.lockstep.bench.load;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;

/**
 * Cursor traffic: R rooms of M members on {@code /presence}, every member sending {@code meta} with
 * a new cursor at a fixed rate (20/s by default), as people moving their mouse. Measures the
 * {@code presence} frames delivered per second, and the latency from a member's {@code meta} to its
 * arrival at the other members (the send time, {@code System.nanoTime()} of this process, rides in
 * the meta). To keep the load generator's own cost down, only one member per room decodes its frames
 * for latency; every member counts frames and bytes.
 */
final class PresenceLoad {
  private static final int CONNECT_BATCH = 50;

  private final LoadOptions options;
  private final AtomicLong frames = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong updates = new AtomicLong();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final Recorder latencyUs = new Recorder(3);

  PresenceLoad(LoadOptions options) {
    this.options = options;
  }

  Report run() {
    URI sync = options.url();
    int port = sync.getPort();
    String host = sync.getHost();
    ServerProbe probe = new ServerProbe(options.serverPids(), sync);
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(options.clientThreads()));
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
        .setMaxFrameSize(16 * 1024 * 1024).setMaxMessageSize(16 * 1024 * 1024).setMaxConnections(100_000));
    double loadBefore = ServerProbe.loadAverage();
    try {
      List<WebSocket> sockets = new ArrayList<>();
      int total = options.rooms() * options.members();
      for (int from = 0; from < total; from += CONNECT_BATCH) {
        List<Future<WebSocket>> batch = new ArrayList<>();
        for (int i = from; i < Math.min(total, from + CONNECT_BATCH); i++) {
          batch.add(member(client, host, port, "load/room-" + (i % options.rooms()), i < options.rooms()));
        }
        sockets.addAll(Future.all(batch).await(options.connectTimeout().toMillis(), TimeUnit.MILLISECONDS).list());
      }
      long periodMs = Math.max(1, Math.round(1000 / options.rate()));
      List<Long> timers = new ArrayList<>();
      for (int i = 0; i < sockets.size(); i++) {
        WebSocket ws = sockets.get(i);
        String room = "load/room-" + (i % options.rooms());
        int cursor = i;
        // Spread the members' sends over the period instead of firing them all at once.
        vertx.setTimer(1 + (i * periodMs) / sockets.size(), t -> timers.add(vertx.setPeriodic(periodMs, id -> {
          ws.writeTextMessage(new JsonObject().put("t", "meta").put("room", room)
              .put("meta", new JsonObject().put("cursor", cursor).put("sent", System.nanoTime())).encode());
          sent.incrementAndGet();
        })));
      }
      Session.pause(options.warmup());
      latencyUs.getIntervalHistogram();
      long f0 = frames.get();
      long b0 = bytes.get();
      long u0 = updates.get();
      long s0 = sent.get();
      double cpu0 = probe.cpuSeconds();
      double own0 = probe.ownCpuSeconds();
      long t0 = System.nanoTime();
      Session.pause(options.duration());
      double seconds = (System.nanoTime() - t0) / 1e9;
      double cpu = probe.cpuSeconds() - cpu0;
      double own = probe.ownCpuSeconds() - own0;
      long rss = probe.rssKb();
      var latency = latencyUs.getIntervalHistogram();
      Report r = new Report(String.format(Locale.ROOT,
          "LoadGen presence: %d rooms x %d members, meta at %s/s each, %.1f s measured after %.1f s warm-up",
          options.rooms(), options.members(), options.rate(), seconds, options.warmup().toMillis() / 1000.0));
      long delivered = frames.get() - f0;
      r.put("scenario", "presence").put("rooms", options.rooms()).put("members", options.members())
          .put("rate", options.rate()).put("seconds", seconds).put("load_avg_before", loadBefore)
          .put("meta_sent", sent.get() - s0).put("meta_sent_per_s", (sent.get() - s0) / seconds)
          .put("frames_delivered", delivered).put("frames_delivered_per_s", delivered / seconds)
          .put("bytes_delivered_per_s", (bytes.get() - b0) / seconds)
          .put("updates_observed", updates.get() - u0).put("errors", errors.get());
      r.line("load average", "%.2f (1 min) before the run; the load generator shares the server's CPUs", loadBefore);
      r.line("meta sent", "%,d = %,.0f/s (offered %,.0f/s)", sent.get() - s0, (sent.get() - s0) / seconds,
          options.rate() * options.rooms() * options.members());
      r.line("delivered", "%,d presence frames = %,.0f frames/s, %.1f MB/s", delivered, delivered / seconds,
          (bytes.get() - b0) / seconds / 1e6);
      r.latency("meta→delivery", "delivery_latency", latency);
      if (cpu >= 0) {
        r.put("server_cpu_s", cpu).put("server_cpu_pct", 100 * cpu / seconds).put("server_rss_kb", rss);
        r.line("server", "CPU %.2f s = %.0f%% of one core; RSS %.0f MiB", cpu, 100 * cpu / seconds, rss / 1024.0);
      }
      r.put("loadgen_cpu_s", own);
      r.line("load generator", "CPU %.2f s = %.0f%% of one core", own, 100 * own / seconds);
      if (errors.get() > 0) {
        r.fail(errors.get() + " error frames (rate_limited or other)");
      }
      if (delivered == 0) {
        r.fail("no presence frame was delivered");
      }
      timers.forEach(vertx::cancelTimer);
      return r;
    } catch (Exception e) {
      throw new Session.RunFailure("presence run failed: " + e);
    } finally {
      vertx.close().await();
    }
  }

  /** Connects, says hello and joins {@code room}; an observer decodes its frames for latency. */
  private Future<WebSocket> member(WebSocketClient client, String host, int port, String room, boolean observer) {
    return client.connect(new WebSocketConnectOptions().setHost(host).setPort(port).setURI("/presence"))
        .compose(ws -> {
          Promise<WebSocket> joined = Promise.promise();
          ws.textMessageHandler(text -> {
            if (text.startsWith("{\"t\":\"presence\"")) {
              frames.incrementAndGet();
              bytes.addAndGet(text.length());
              if (observer) {
                observe(text);
              }
            } else if (text.startsWith("{\"t\":\"members\"")) {
              joined.tryComplete(ws);
            } else if (text.startsWith("{\"t\":\"err\"")) {
              errors.incrementAndGet();
              joined.tryFail(text);
            }
          });
          ws.writeTextMessage(new JsonObject().put("t", "join").put("id", 1).put("room", room)
              .put("user", "load").encode());
          return joined.future();
        });
  }

  private void observe(String text) {
    long now = System.nanoTime();
    JsonArray update = new JsonObject(Buffer.buffer(text)).getJsonArray("update");
    for (int i = 0; i < update.size(); i++) {
      Long sentAt = update.getJsonObject(i).getJsonObject("meta").getLong("sent");
      if (sentAt != null) {
        latencyUs.recordValue(Math.max(0, (now - sentAt) / 1000));
        updates.incrementAndGet();
      }
    }
  }
}
