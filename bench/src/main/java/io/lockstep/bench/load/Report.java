package io.lockstep.bench.load;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * A run's result twice: a summary block for people, and one line of JSON with the same figures for
 * scripts (latencies in ms, CPU in seconds and µs, memory in KiB). Also decides pass or fail.
 */
final class Report {
  private final String title;
  private final List<String> lines = new ArrayList<>();
  private final Map<String, Object> json = new LinkedHashMap<>();
  private final List<String> failures = new ArrayList<>();

  Report(String title) {
    this.title = title;
  }

  Report put(String key, Object value) {
    json.put(key, value instanceof Double d ? round(d) : value);
    return this;
  }

  Report line(String label, String format, Object... args) {
    lines.add(String.format(Locale.ROOT, "%-16s %s", label, String.format(Locale.ROOT, format, args)));
    return this;
  }

  /** Adds the percentiles of {@code latencyUs} under {@code key} and as a summary line. */
  Report latency(String label, String key, Histogram latencyUs) {
    long n = latencyUs.getTotalCount();
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("n", n);
    if (n == 0) {
      lines.add(String.format(Locale.ROOT, "%-16s no samples", label));
    } else {
      double p50 = latencyUs.getValueAtPercentile(50) / 1000.0;
      double p99 = latencyUs.getValueAtPercentile(99) / 1000.0;
      double max = latencyUs.getMaxValue() / 1000.0;
      figures.put("p50_ms", round(p50));
      figures.put("p99_ms", round(p99));
      figures.put("max_ms", round(max));
      line(label, "p50 %.2f ms   p99 %.2f ms   max %.2f ms   (%,d samples)", p50, p99, max, n);
    }
    json.put(key, figures);
    return this;
  }

  void fail(String reason) {
    failures.add(reason);
  }

  boolean failed() {
    return !failures.isEmpty();
  }

  void print() {
    System.out.println();
    System.out.println("== " + title + " ==");
    lines.forEach(System.out::println);
    json.put("ok", failures.isEmpty());
    if (!failures.isEmpty()) {
      json.put("failures", failures);
      System.out.println(String.format(Locale.ROOT, "%-16s %s", "FAILED", String.join("; ", failures)));
    }
    System.out.println(new JsonObject(json).encode());
  }

  static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}
