package io.lockstep.bench.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the load generator reads about the server process from outside: CPU time and resident memory
 * from {@code /proc/<pid>} (Linux), and a few counters from its Prometheus {@code /metrics}. Every
 * read is best effort: a missing pid or an unreachable endpoint gives {@code -1} / an empty map,
 * and the summary says "n/a".
 */
final class ServerProbe {
  /** Counters read from /metrics; each is summed over its labels. */
  static final String COMMITS = "lockstep_sync_ops_committed_total";
  static final String RETRIES = "lockstep_sync_commit_retries_total";
  static final String SLOW_CONSUMERS = "lockstep_sync_slow_consumers_closed_total";
  static final String ERRORS = "lockstep_sync_errors_total";
  static final String HEAP_USED = "jvm_memory_used_bytes{area=\"heap\"";

  private final List<Long> pids;
  private final URI metrics;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final long ticksPerSecond = clockTicks();

  ServerProbe(List<Long> pids, URI syncUrl) {
    this.pids = List.copyOf(pids);
    this.metrics = URI.create("http://" + syncUrl.getHost() + ":" + syncUrl.getPort() + "/metrics");
  }

  boolean hasPid() {
    return !pids.isEmpty();
  }

  /** The server processes' user + system CPU time so far, summed, in seconds; -1 without a pid. */
  double cpuSeconds() {
    return pids.isEmpty() ? -1 : pids.stream().mapToDouble(pid -> cpuSecondsOf("/proc/" + pid + "/stat")).sum();
  }

  /** The server processes' system (kernel) CPU time so far, summed, in seconds; -1 without a pid. */
  double systemCpuSeconds() {
    return pids.isEmpty() ? -1 : pids.stream().mapToDouble(pid -> cpuSecondsOf("/proc/" + pid + "/stat", false)).sum();
  }

  /** This process's CPU time so far, in seconds (the load generator's own cost). */
  double ownCpuSeconds() {
    return cpuSecondsOf("/proc/self/stat");
  }

  /**
   * Asks each server JVM for a full GC ({@code jcmd PID GC.run}, bounded to 60 s), so that the next
   * heap reading counts live objects only. Diagnostic: it costs the server a pause.
   */
  void fullGc() {
    for (long pid : pids) {
      try {
        Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid), "GC.run").redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!jcmd.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
          jcmd.destroyForcibly();
        }
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("jcmd " + pid + " GC.run failed", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** The server processes' resident set size (VmRSS), summed, in KiB; -1 without a pid. */
  long rssKb() {
    if (pids.isEmpty()) {
      return -1;
    }
    long total = 0;
    for (long pid : pids) {
      long rss = rssKbOf(pid);
      if (rss < 0) {
        return -1;
      }
      total += rss;
    }
    return total;
  }

  private static long rssKbOf(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  /**
   * CPU time the whole machine has spent busy so far (user, nice, system, irq, softirq, steal of
   * every CPU, from the first line of /proc/stat), in seconds; -1 when unreadable. Over a window,
   * this minus the server's and the load generator's CPU is what other processes took.
   */
  double machineBusySeconds() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long busy = 0;
      for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
        busy += Long.parseLong(f[i]);
      }
      return busy / (double) ticksPerSecond;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** The 1-minute load average of the machine, from /proc/loadavg; -1 when unreadable. */
  static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** The counters named above (sum over labels), or an empty map when /metrics cannot be read. */
  Map<String, Double> metrics() {
    Map<String, Double> values = new HashMap<>();
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        return values;
      }
      for (String line : response.body().split("\n")) {
        for (String name : new String[] {COMMITS, RETRIES, SLOW_CONSUMERS, ERRORS, HEAP_USED}) {
          if (line.startsWith(name + " ") || line.startsWith(name.endsWith("\"") ? name : name + "{")) {
            double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            values.merge(name, value, Double::sum);
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      return values;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return values;
  }

  private double cpuSecondsOf(String statFile) {
    return cpuSecondsOf(statFile, true);
  }

  private double cpuSecondsOf(String statFile, boolean withUser) {
    try {
      String stat = Files.readString(Path.of(statFile));
      // Fields after the command name, which is in parentheses and may contain spaces:
      // state(3) ... utime(14) stime(15), counted from 1 over the whole line.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = (withUser ? Long.parseLong(fields[11]) : 0) + Long.parseLong(fields[12]);
      return ticks / (double) ticksPerSecond;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static long clockTicks() {
    try {
      Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(getconf.getInputStream().readAllBytes()).trim();
      getconf.waitFor();
      return Long.parseLong(out);
    } catch (IOException | RuntimeException e) {
      return 100;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 100;
    }
  }
}
