package io.lockstep.bench.load;

import java.util.Map;

/** The parts of a report both scenarios share: errors, server counters, CPU, memory, pass/fail. */
final class Outcomes {
  private Outcomes() {}

  static void add(Report r, Session.Window w, long acked, long delivered) {
    Map<String, Long> errors = w.errors();
    long orderViolations = w.end().orderViolations() - w.start().orderViolations();
    long closes = w.end().unexpectedCloses();
    r.put("errors", errors).put("order_violations", orderViolations).put("unexpected_closes", closes);
    r.line("errors", "%s; order violations %d; unexpected closes %d",
        errors.isEmpty() ? "none" : errors.toString(), orderViolations, closes);

    Map<String, Double> c = w.serverCounters();
    if (!c.isEmpty()) {
      long commits = Math.round(c.getOrDefault(ServerProbe.COMMITS, 0.0));
      long retries = Math.round(c.getOrDefault(ServerProbe.RETRIES, 0.0));
      long slow = Math.round(c.getOrDefault(ServerProbe.SLOW_CONSUMERS, 0.0));
      r.put("server_commits", commits).put("server_commit_retries", retries).put("server_slow_consumers_closed", slow);
      r.line("server counters", "%,d commits, %,d commit retries, %,d slow consumers closed (from /metrics)",
          commits, retries, slow);
    } else {
      r.line("server counters", "n/a (/metrics not readable)");
    }

    double seconds = w.seconds();
    if (w.serverCpu() >= 0) {
      double cpu = w.serverCpu();
      double perOp = acked == 0 ? 0 : cpu * 1e6 / acked;
      double perDelivery = delivered == 0 ? 0 : cpu * 1e6 / delivered;
      r.put("server_cpu_s", cpu).put("server_cpu_pct_of_core", 100 * cpu / seconds)
          .put("server_cpu_sys_s", w.serverSystemCpu())
          .put("server_cpu_us_per_acked_op", perOp).put("server_cpu_us_per_delivered", perDelivery)
          .put("server_rss_kb", w.rssEndKb()).put("server_rss_kb_window_start", w.rssStartKb());
      r.line("server CPU", "%.2f s (%.2f s of it in the kernel) = %.0f%% of one core; %.1f µs per acked op; "
          + "%.2f µs per delivered op frame", cpu, w.serverSystemCpu(), 100 * cpu / seconds, perOp, perDelivery);
      r.line("server RSS", "%.1f MiB at the end of the window (%.1f MiB at its start)",
          w.rssEndKb() / 1024.0, w.rssStartKb() / 1024.0);
    } else {
      r.line("server CPU", "n/a (no --server-pid)");
    }
    r.put("loadgen_cpu_s", w.ownCpu()).put("loadgen_cpu_pct_of_core", 100 * w.ownCpu() / seconds);
    r.line("loadgen CPU", "%.2f s = %.0f%% of one core, on the same machine", w.ownCpu(), 100 * w.ownCpu() / seconds);
    if (w.othersCpu() >= 0) {
      int cores = Runtime.getRuntime().availableProcessors();
      r.put("others_cpu_s", w.othersCpu()).put("machine_busy_pct", 100 * w.machineBusy() / (seconds * cores));
      r.line("other processes", "%.2f s = %.0f%% of one core taken by other processes; machine %.0f%% busy (%d cores)",
          w.othersCpu(), 100 * w.othersCpu() / seconds, 100 * w.machineBusy() / (seconds * cores), cores);
    }

    if (acked == 0) {
      r.fail("no op was acked in the measured window");
    }
    if (orderViolations > 0) {
      r.fail(orderViolations + " frames out of version order (a gap or duplicate in the op stream)");
    }
    if (closes > 0) {
      r.fail(closes + " connections closed by the server");
    }
    // Shed ops are resent after the server's retryMs, not lost: they are reported, not failures.
    long errorCount = errors.entrySet().stream().filter(e -> !RunStats.SHED.equals(e.getKey()))
        .mapToLong(Map.Entry::getValue).sum();
    if (errorCount * 100 > Math.max(1, w.sent())) {
      r.fail(errorCount + " error frames, over 1% of the " + w.sent() + " ops sent");
    }
  }
}
