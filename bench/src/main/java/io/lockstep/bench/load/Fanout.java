package io.lockstep.bench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Broadcast cost: M idle subscriber connections on one document, then one writer editing it at a
 * fixed rate. Measures delivered messages/s, submit→delivery latency over every delivery, the
 * server's CPU per delivered message, and its memory per idle subscribed connection.
 *
 * <p>Memory per connection is measured, not forced: the server's VmRSS (and JVM heap in use, from
 * /metrics) is read after a settle pause before the subscribers connect and again after a settle
 * pause once all M have said hello and received their snapshot; the difference is divided by M. No
 * GC is requested, so garbage from the M handshakes not yet collected counts too; the figure is an
 * upper bound of what an idle connection keeps.
 */
final class Fanout {
  private final LoadOptions options;

  Fanout(LoadOptions options) {
    this.options = options;
  }

  Report run() {
    Edits edits = Edits.of(options.type());
    double loadBefore = ServerProbe.loadAverage();
    try (Session session = new Session(options, options.subscribers() + 2)) {
      session.createDocument(edits);
      Session.pause(options.settle());
      gcIfAsked(session);
      long rssBefore = session.probe.rssKb();
      double heapBefore = session.probe.metrics().getOrDefault(ServerProbe.HEAP_USED, -1.0);
      List<Editor> subscribers = session.open(1, options.subscribers(), edits, false);
      Session.pause(options.settle());
      gcIfAsked(session);
      long rssAfter = session.probe.rssKb();
      double heapAfter = session.probe.metrics().getOrDefault(ServerProbe.HEAP_USED, -1.0);
      Editor writer = session.open(0, 1, edits, true).get(0);
      writer.startFixedRate(options.rate(), Duration.ZERO, options.burst());
      Session.Window window = session.measure();
      session.stop(List.of(writer));
      List<Editor> all = new ArrayList<>(subscribers);
      all.add(writer);
      session.closeAll(all);
      return report(window, loadBefore, rssBefore, rssAfter, heapBefore, heapAfter);
    }
  }

  private void gcIfAsked(Session session) {
    if (options.gcBeforeMemory()) {
      session.probe.fullGc();
      Session.pause(java.time.Duration.ofSeconds(1));
    }
  }

  private Report report(Session.Window w, double loadBefore, long rssBefore, long rssAfter, double heapBefore,
      double heapAfter) {
    int m = options.subscribers();
    Report r = new Report(String.format(Locale.ROOT,
        "LoadGen fanout: %d subscribers, 1 writer at %s ops/s%s, %s, %.1f s measured after %.1f s warm-up,"
            + " clients %s permessage-deflate%s",
        m, options.rate(), options.burst() > 1 ? " in bursts of " + options.burst() : "", options.type(), w.seconds(), options.warmup().toMillis() / 1000.0,
        options.deflate() ? "offering" : "not offering", options.gcBeforeMemory() ? ", full GC before memory readings" : ""));
    double seconds = w.seconds();
    long delivered = w.delivered();
    long acked = w.acked();
    r.put("scenario", "fanout").put("subscribers", m).put("rate", options.rate()).put("burst", options.burst()).put("type", options.type())
        .put("seconds", seconds).put("load_avg_before", loadBefore)
        .put("acked_ops", acked).put("acked_ops_per_s", acked / seconds)
        .put("delivered", delivered).put("delivered_per_s", delivered / seconds)
        .put("expected_delivered", acked * m)
        .put("deflate_offered", options.deflate()).put("gc_before_memory", options.gcBeforeMemory());
    r.line("load average", "%.2f (1 min) before the run; the load generator shares the server's CPUs", loadBefore);
    r.line("writer", "%,d ops acked = %.1f ops/s (offered %s; missed sends %,d)", acked, acked / seconds,
        options.rate(), w.end().missedSends() - w.start().missedSends());
    r.line("deliveries", "%,d op frames = %,.0f messages/s (acked ops × subscribers = %,d)", delivered,
        delivered / seconds, acked * m);
    r.latency("submit→ack", "ack_latency", w.end().ackLatency());
    r.latency("submit→delivery", "delivery_latency", w.end().deliveryLatency());
    r.latency("loadgen loop lag", "loadgen_loop_lag", w.end().loopLag());
    if (rssBefore >= 0 && rssAfter >= 0) {
      double perConnKb = (rssAfter - rssBefore) / (double) m;
      r.put("idle_rss_kb_before", rssBefore).put("idle_rss_kb_after", rssAfter).put("rss_kb_per_idle_connection", perConnKb);
      String heap = "";
      if (heapBefore >= 0 && heapAfter >= 0) {
        double heapPerConnKb = (heapAfter - heapBefore) / 1024.0 / m;
        r.put("heap_kb_per_idle_connection", heapPerConnKb);
        heap = String.format(Locale.ROOT, "; JVM heap in use %+.1f KiB per connection", heapPerConnKb);
      }
      r.line("idle memory", "RSS %.1f → %.1f MiB with %d idle subscribed connections = %.1f KiB per connection%s",
          rssBefore / 1024.0, rssAfter / 1024.0, m, perConnKb, heap);
    }
    Outcomes.add(r, w, acked, delivered);
    if (acked > 0 && delivered < acked * m * 0.99) {
      r.fail("only " + delivered + " of " + (acked * m) + " expected deliveries arrived in the window");
    }
    return r;
  }

}
