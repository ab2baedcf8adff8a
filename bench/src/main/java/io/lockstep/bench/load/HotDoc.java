package io.lockstep.bench.load;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One hot document: N editor connections subscribed to it, all editing it at once, in closed loop
 * or at a fixed rate each. Measures acked ops/s, submit→ack and submit→delivery latency, errors,
 * and the server's CPU and memory.
 */
final class HotDoc {
  private final LoadOptions options;

  HotDoc(LoadOptions options) {
    this.options = options;
  }

  Report run() {
    Edits edits = Edits.of(options.type());
    double loadBefore = ServerProbe.loadAverage();
    try (Session session = new Session(options, options.editors() + 1)) {
      session.createDocument(edits);
      List<Editor> editors = session.open(0, options.editors(), edits, true);
      for (int i = 0; i < editors.size(); i++) {
        if (options.closedLoop()) {
          editors.get(i).startClosedLoop();
        } else {
          // Spread the editors' schedules over one period so they do not all fire together.
          long periodNanos = Math.round(1e9 / options.rate());
          editors.get(i).startFixedRate(options.rate(), Duration.ofNanos(periodNanos * i / editors.size()), 1);
        }
      }
      Session.Window window = session.measure();
      session.stop(editors);
      session.closeAll(editors);
      return report(window, loadBefore, session.stats);
    }
  }

  private Report report(Session.Window w, double loadBefore, RunStats stats) {
    String mode = options.closedLoop()
        ? "closed loop"
        : String.format(java.util.Locale.ROOT, "fixed rate %s ops/s per editor", trim(options.rate()));
    Report r = new Report(String.format(java.util.Locale.ROOT, "LoadGen hot-doc: %d editors, %s, %s%s, %.1f s measured after %.1f s warm-up",
        options.editors(), mode, options.type(), options.batch() ? ", batch frames" : "", w.seconds(),
        options.warmup().toMillis() / 1000.0));
    double seconds = w.seconds();
    long acked = w.acked();
    long delivered = w.delivered();
    r.put("scenario", "hot-doc").put("editors", options.editors()).put("mode", options.closedLoop() ? "closed" : "fixed")
        .put("rate_per_editor", options.rate()).put("type", options.type()).put("batch", options.batch()).put("seconds", seconds)
        .put("load_avg_before", loadBefore);
    r.put("acked_ops", acked).put("acked_ops_per_s", acked / seconds).put("sent_ops", w.sent())
        .put("delivered", delivered).put("delivered_per_s", delivered / seconds);
    r.line("load average", "%.2f (1 min) before the run; the load generator shares the server's CPUs", loadBefore);
    r.line("acked ops", "%,d = %.1f ops/s   (sent %,d)", acked, acked / seconds, w.sent());
    if (!options.closedLoop()) {
      double target = options.rate() * options.editors();
      r.line("offered rate", "%.1f ops/s; missed sends (generator behind schedule) %,d", target,
          w.end().missedSends() - w.start().missedSends());
      r.put("offered_ops_per_s", target);
    }
    r.latency("submit→ack", "ack_latency", w.end().ackLatency());
    r.latency("submit→delivery", "delivery_latency", w.end().deliveryLatency());
    r.latency("loadgen loop lag", "loadgen_loop_lag", w.end().loopLag());
    List<long[]> worst = stats.worstSeconds(w.start().nanos(), w.end().nanos(), 3);
    r.line("worst seconds", "%s", worst.stream().map(s -> String.format(java.util.Locale.ROOT, "+%d s: %d ms", s[0], s[1]))
        .collect(Collectors.joining(", ")));
    r.line("deliveries", "%,d op frames to other editors = %,.0f/s", delivered, delivered / seconds);
    Outcomes.add(r, w, acked, delivered);
    return r;
  }

  private static String trim(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }
}
