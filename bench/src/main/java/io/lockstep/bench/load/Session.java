package io.lockstep.bench.load;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The machinery one run shares: the client Vert.x instance and WebSocket client, the run's
 * document and client ids, opening connections in batches, the measured window, and shutdown.
 * Driven from the main thread, which is the only thread that blocks (on futures, with a bound, and
 * in sleeps that pace the run); every connection lives on a Vert.x event loop.
 */
final class Session implements AutoCloseable {
  private static final int CONNECT_BATCH = 50;
  private static final Duration DRAIN = Duration.ofSeconds(5);

  final LoadOptions options;
  final RunStats stats = new RunStats();
  final ServerProbe probe;
  final String doc;
  private final String runTag;
  private final Vertx vertx;
  private final WebSocketClient client;

  /** What one measured window saw: two snapshots and the server's counters around them. */
  record Window(RunStats.Snapshot start, RunStats.Snapshot end, double serverCpu, double serverSystemCpu, double ownCpu,
      double machineBusy,
      long rssStartKb, long rssEndKb, Map<String, Double> serverCounters) {

    /** CPU seconds that processes other than the server and the load generator used in the window. */
    double othersCpu() {
      return machineBusy < 0 || serverCpu < 0 ? -1 : Math.max(0, machineBusy - serverCpu - ownCpu);
    }

    double seconds() {
      return (end.nanos() - start.nanos()) / 1e9;
    }

    long acked() {
      return end.acked() - start.acked();
    }

    long delivered() {
      return end.delivered() - start.delivered();
    }

    long sent() {
      return end.sent() - start.sent();
    }

    Map<String, Long> errors() {
      Map<String, Long> errors = new HashMap<>(end.errors());
      start.errors().forEach((code, n) -> errors.merge(code, -n, Long::sum));
      errors.values().removeIf(n -> n == 0);
      return errors;
    }
  }

  Session(LoadOptions options, int connections) {
    this.options = options;
    this.probe = new ServerProbe(options.serverPids(), options.url());
    this.runTag = "lg" + Long.toString(ThreadLocalRandom.current().nextLong() & 0xffffffffL, 36);
    this.doc = "bench/" + options.scenario() + "/" + runTag;
    this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(options.clientThreads()));
    stats.watch(vertx, options.clientThreads());
    this.client = vertx.createWebSocketClient(new WebSocketClientOptions()
        .setMaxConnections(connections + 16)
        .setConnectTimeout((int) options.connectTimeout().toMillis())
        .setMaxMessageSize(64 * 1024 * 1024)
        .setTryUsePerMessageCompression(options.deflate()));
  }

  String srcOf(int editor) {
    return runTag + "-" + editor;
  }

  /** The editor index behind a {@code src} of this run, or -1. */
  int editorOf(String src) {
    if (!src.startsWith(runTag) || src.length() <= runTag.length() + 1) {
      return -1;
    }
    try {
      return Integer.parseInt(src, runTag.length() + 1, src.length(), 10);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Creates the run's document on a connection of its own, closed afterwards. */
  void createDocument(Edits edits) {
    Duration timeout = options.connectTimeout();
    Future<Void> created = SyncSocket.connect(vertx, client, options.url(), timeout, options.batch()).compose(socket -> {
      Map<String, Object> create = new HashMap<>();
      create.put("t", "create");
      create.put("doc", doc);
      create.put("type", edits.type());
      create.put("data", edits.initialData());
      return socket.hello(runTag + "-creator")
          .compose(welcome -> socket.request(create))
          .eventually(socket::close)
          .mapEmpty();
    });
    await(created, timeout.multipliedBy(3), "creating document " + doc);
  }

  /**
   * Opens {@code count} connections with editor indexes {@code first…}, each subscribed to the
   * document, {@value #CONNECT_BATCH} at a time; fails the run when one cannot connect or subscribe.
   */
  List<Editor> open(int first, int count, Edits edits, boolean senders) {
    List<Editor> editors = new ArrayList<>(count);
    Duration timeout = options.connectTimeout();
    for (int start = 0; start < count; start += CONNECT_BATCH) {
      List<Future<Editor>> batch = new ArrayList<>();
      for (int i = start; i < Math.min(count, start + CONNECT_BATCH); i++) {
        int index = first + i;
        batch.add(SyncSocket.connect(vertx, client, options.urlFor(index), timeout, options.batch()).compose(socket -> {
          Editor editor = new Editor(index, srcOf(index), doc, socket, vertx, edits, stats, this::editorOf, senders,
              options.seed() * 1_000_003L + index);
          return editor.join(timeout).map(editor);
        }));
      }
      await(Future.all(batch), timeout.multipliedBy(3), "opening connections " + (first + start) + "…");
      batch.forEach(f -> editors.add(f.result()));
    }
    return editors;
  }

  /** Lets the load run through the warm-up, then measures one window of {@code options.duration()}. */
  Window measure() {
    // One scrape of /metrics in the warm-up, so that the window's first reading is not the server's
    // first, cold scrape (code run for the first time, hundreds of ms of CPU on a one-core server).
    probe.metrics();
    pause(options.warmup());
    Map<String, Double> countersBefore = probe.metrics();
    long rssStart = probe.rssKb();
    double cpuStart = probe.cpuSeconds();
    double sysStart = probe.systemCpuSeconds();
    double ownStart = probe.ownCpuSeconds();
    double busyStart = probe.machineBusySeconds();
    RunStats.Snapshot start = stats.snapshot();
    pause(options.duration());
    RunStats.Snapshot end = stats.snapshot();
    double cpuEnd = probe.cpuSeconds();
    double sysEnd = probe.systemCpuSeconds();
    double ownEnd = probe.ownCpuSeconds();
    double busyEnd = probe.machineBusySeconds();
    long rssEnd = probe.rssKb();
    Map<String, Double> counters = new HashMap<>(probe.metrics());
    countersBefore.forEach((name, value) -> counters.merge(name, -value, Double::sum));
    return new Window(start, end, cpuStart < 0 ? -1 : cpuEnd - cpuStart, sysEnd - sysStart,
        ownEnd - ownStart,
        busyStart < 0 ? -1 : busyEnd - busyStart, rssStart, rssEnd, counters);
  }

  /** Stops the senders and waits (at most {@link #DRAIN}) for their ops in flight to be acked. */
  void stop(List<Editor> senders) {
    senders.forEach(Editor::stop);
    long deadline = System.nanoTime() + DRAIN.toNanos();
    while (System.nanoTime() < deadline && senders.stream().anyMatch(e -> e.pending() > 0)) {
      pause(Duration.ofMillis(20));
    }
  }

  /** Closes the given connections (bounded wait). */
  void closeAll(List<Editor> editors) {
    List<Future<Void>> closing = new ArrayList<>();
    editors.forEach(e -> closing.add(e.close()));
    try {
      await(Future.join(closing), Duration.ofSeconds(10), "closing connections");
    } catch (RunFailure e) {
      System.err.println("loadgen: " + e.getMessage());
    }
  }

  @Override
  public void close() {
    try {
      await(vertx.close(), Duration.ofSeconds(10), "closing the client");
    } catch (RunFailure e) {
      System.err.println("loadgen: " + e.getMessage());
    }
  }

  static <T> T await(Future<T> future, Duration timeout, String what) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new RunFailure(what + ": no answer within " + timeout.toMillis() + " ms");
    } catch (ExecutionException e) {
      throw new RunFailure(what + ": " + e.getCause().getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RunFailure(what + ": interrupted");
    }
  }

  static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RunFailure("interrupted");
    }
  }

  /** The run cannot go on (a connection, a reply or a close did not come in time). */
  static final class RunFailure extends RuntimeException {
    RunFailure(String message) {
      super(message, null, false, false);
    }
  }
}
