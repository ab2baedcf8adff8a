package io.lockstep.bench.load;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.parsetools.RecordParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Feed broadcast cost: M SSE streams on one channel ({@code GET /feeds/{channel}}), one publisher
 * posting events at a fixed rate ({@code POST /feeds/{channel}}). Each event carries the publisher's
 * {@code System.nanoTime()} (one clock: the publisher and the readers are this process), so every
 * delivery gives a publish→delivery latency. Reports delivered events/s, latency percentiles, and the
 * server's CPU and RSS over the measured window.
 */
final class FeedFanout {
  private static final String TIME_FIELD = "{\"t\":";

  private final LoadOptions options;
  private final Recorder latency = new Recorder(3);
  private final LongAdder delivered = new LongAdder();
  private final LongAdder published = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private final LongAdder closed = new LongAdder();

  FeedFanout(LoadOptions options) {
    this.options = options;
  }

  Report run() {
    double loadBefore = ServerProbe.loadAverage();
    ServerProbe probe = new ServerProbe(options.serverPids(), options.url());
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(options.clientThreads()));
    HttpClient client = vertx.createHttpClient(new HttpClientOptions()
            .setDefaultHost(options.url().getHost()).setDefaultPort(options.url().getPort())
            .setConnectTimeout((int) options.connectTimeout().toMillis()),
        new PoolOptions().setHttp1MaxSize(options.subscribers() + 16));
    String path = "/feeds/bench/" + UUID.randomUUID();
    try {
      openStreams(client, path);
      long timer = startPublisher(vertx, client, path);
      Session.pause(options.warmup());
      long rssStart = probe.rssKb();
      double cpuStart = probe.cpuSeconds();
      double ownStart = probe.ownCpuSeconds();
      long deliveredStart = delivered.sum();
      long publishedStart = published.sum();
      latency.getIntervalHistogram();
      long start = System.nanoTime();
      Session.pause(options.duration());
      double seconds = (System.nanoTime() - start) / 1e9;
      Histogram window = latency.getIntervalHistogram();
      long deliveredIn = delivered.sum() - deliveredStart;
      long publishedIn = published.sum() - publishedStart;
      double cpu = probe.cpuSeconds() - cpuStart;
      double own = probe.ownCpuSeconds() - ownStart;
      long rssEnd = probe.rssKb();
      vertx.cancelTimer(timer);
      return report(seconds, publishedIn, deliveredIn, window, loadBefore, probe.hasPid() ? cpu : -1, own, rssStart, rssEnd);
    } finally {
      client.close();
      vertx.close();
    }
  }

  private void openStreams(HttpClient client, String path) {
    List<Future<?>> opened = new ArrayList<>();
    for (int i = 0; i < options.subscribers(); i++) {
      RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setURI(path)
          .putHeader("Accept", "text/event-stream");
      opened.add(client.request(request).compose(r -> r.send()).map(response -> {
        if (response.statusCode() != 200) {
          throw new IllegalStateException("GET " + path + " answered " + response.statusCode());
        }
        RecordParser lines = RecordParser.newDelimited("\n", this::line);
        response.handler(lines);
        response.endHandler(v -> closed.increment());
        return response;
      }));
    }
    try {
      Future.all(opened).await(options.connectTimeout().toMillis() + options.subscribers() * 20L, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new Session.RunFailure("could not open " + options.subscribers() + " streams: " + e.getMessage());
    }
  }

  /** One line of a stream; only {@code data:} lines of our events carry a time. */
  private void line(Buffer line) {
    String text = line.toString();
    if (!text.startsWith("data: " + TIME_FIELD)) {
      return;
    }
    int from = 6 + TIME_FIELD.length();
    int to = text.indexOf(',', from);
    long sentNanos = Long.parseLong(text.substring(from, to));
    delivered.increment();
    latency.recordValue(Math.max(0, (System.nanoTime() - sentNanos) / 1_000));
  }

  /** Posts events at the fixed rate: each tick sends what the elapsed time calls for. */
  private long startPublisher(Vertx vertx, HttpClient client, String path) {
    long started = System.nanoTime();
    double rate = options.rate();
    long[] sent = {0};
    return vertx.setPeriodic(2, id -> {
      long due = (long) ((System.nanoTime() - started) / 1e9 * rate);
      while (sent[0] < due) {
        long n = ++sent[0];
        Buffer body = Buffer.buffer(TIME_FIELD + System.nanoTime() + ",\"n\":" + n + "}");
        client.request(new RequestOptions().setMethod(HttpMethod.POST).setURI(path)
                .putHeader("Content-Type", "application/json"))
            .compose(r -> r.send(body))
            .onSuccess(r -> (r.statusCode() == 201 ? published : failures).increment())
            .onFailure(e -> failures.increment());
      }
    });
  }

  private Report report(double seconds, long publishedIn, long deliveredIn, Histogram window, double loadBefore,
      double cpu, double own, long rssStart, long rssEnd) {
    int m = options.subscribers();
    Report r = new Report(String.format(Locale.ROOT,
        "LoadGen feed: %d SSE subscribers, 1 publisher at %s events/s, %.1f s measured after %.1f s warm-up",
        m, options.rate(), seconds, options.warmup().toMillis() / 1000.0));
    r.put("scenario", "feed").put("subscribers", m).put("rate", options.rate()).put("seconds", seconds)
        .put("load_avg_before", loadBefore).put("published", publishedIn).put("delivered", deliveredIn)
        .put("delivered_per_s", deliveredIn / seconds).put("expected_delivered", publishedIn * m)
        .put("publish_failures", failures.sum()).put("streams_closed", closed.sum());
    r.line("load average", "%.2f (1 min) before the run; the load generator shares the server's CPUs", loadBefore);
    r.line("publisher", "%,d events published = %.1f events/s (offered %s)", publishedIn, publishedIn / seconds, options.rate());
    r.line("deliveries", "%,d events = %,.0f events/s (published × subscribers = %,d)", deliveredIn,
        deliveredIn / seconds, publishedIn * m);
    r.latency("publish→delivery", "delivery_latency", window);
    if (cpu >= 0) {
      r.put("server_cpu_s", cpu).put("server_cpu_pct_of_core", 100 * cpu / seconds)
          .put("server_cpu_us_per_delivered", deliveredIn == 0 ? 0 : cpu * 1e6 / deliveredIn)
          .put("server_rss_kb_start", rssStart).put("server_rss_kb_end", rssEnd);
      r.line("server CPU", "%.2f s = %.0f%% of a core; %.2f µs per delivered event", cpu, 100 * cpu / seconds,
          deliveredIn == 0 ? 0 : cpu * 1e6 / deliveredIn);
      r.line("server RSS", "%.1f MiB → %.1f MiB", rssStart / 1024.0, rssEnd / 1024.0);
    }
    r.put("loadgen_cpu_s", own).put("loadgen_cpu_pct_of_core", 100 * own / seconds);
    r.line("load generator", "%.2f s CPU = %.0f%% of a core (same machine)", own, 100 * own / seconds);
    if (failures.sum() > 0) {
      r.fail(failures.sum() + " publishes failed");
    }
    if (closed.sum() > 0) {
      r.fail(closed.sum() + " streams were closed by the server");
    }
    if (publishedIn > 0 && deliveredIn < publishedIn * m * 0.99) {
      r.fail("only " + deliveredIn + " of " + (publishedIn * m) + " expected deliveries arrived in the window");
    }
    return r;
  }
}
