package io.lockstep.bench.load;

import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Everything the clients of one run record, from any event loop: latency recorders (µs) and
 * counters. The measured window is cut with {@link #snapshot()}: recorders hand over and reset their
 * interval, counters are read, so a window is the difference of two snapshots.
 */
final class RunStats {
  /** The error key of ops the server shed with a retry hint; they are resent, so not failures. */
  static final String SHED = "unavailable (shed, resent)";

  private final Recorder ackLatency = new Recorder(3);
  private final Recorder deliveryLatency = new Recorder(3);
  final LongAdder sent = new LongAdder();
  final LongAdder acked = new LongAdder();
  final LongAdder delivered = new LongAdder();
  final LongAdder orderViolations = new LongAdder();
  final LongAdder unexpectedCloses = new LongAdder();
  final LongAdder missedSends = new LongAdder();
  private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
  /** The worst ack latency (µs) of each second, keyed by the second (System.nanoTime() / 1e9) it came in. */
  private final Map<Long, LongAccumulator> worstAckBySecond = new ConcurrentHashMap<>();
  /** (editor, seq) → System.nanoTime() when the op was written; one clock for the whole process. */
  private final Map<Long, Long> sentAt = new ConcurrentHashMap<>();

  /** The counters and the latencies recorded since the previous snapshot. */
  record Snapshot(long nanos, long sent, long acked, long delivered, long orderViolations, long unexpectedCloses,
      long missedSends, Map<String, Long> errors, Histogram ackLatency, Histogram deliveryLatency, Histogram loopLag) {

    long errorCount() {
      return errors.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /** The load generator's loop lag, recorded from {@link #watch}; absent until then. */
  private LoopLag loopLag;

  /** Records the lag of the generator's {@code loops} event loops in every later snapshot. */
  void watch(Vertx vertx, int loops) {
    loopLag = new LoopLag(vertx, loops);
  }

  Snapshot snapshot() {
    Map<String, Long> errorCounts = new TreeMap<>();
    errors.forEach((code, n) -> errorCounts.put(code, n.sum()));
    return new Snapshot(System.nanoTime(), sent.sum(), acked.sum(), delivered.sum(), orderViolations.sum(),
        unexpectedCloses.sum(), missedSends.sum(), errorCounts,
        ackLatency.getIntervalHistogram(), deliveryLatency.getIntervalHistogram(),
        loopLag == null ? new Histogram(3) : loopLag.interval());
  }

  /**
   * The {@code n} seconds of {@code [fromNanos, toNanos)} whose worst ack took longest, worst
   * first: each as {seconds after fromNanos, worst ack latency in ms}. Tells a latency spike at one
   * moment (a pause, a compilation) from latency spread over the run.
   */
  List<long[]> worstSeconds(long fromNanos, long toNanos, int n) {
    return worstAckBySecond.entrySet().stream()
        .filter(e -> (e.getKey() + 1) * 1_000_000_000L > fromNanos && e.getKey() * 1_000_000_000L < toNanos)
        .sorted((a, b) -> Long.compare(b.getValue().get(), a.getValue().get()))
        .limit(n)
        .map(e -> new long[] {Math.max(0, e.getKey() * 1_000_000_000L - fromNanos) / 1_000_000_000L, e.getValue().get() / 1_000})
        .toList();
  }

  void error(String code) {
    errors.computeIfAbsent(code, c -> new LongAdder()).increment();
  }

  void recordSend(int editor, long seq, long nanos) {
    sent.increment();
    sentAt.put(key(editor, seq), nanos);
  }

  void recordAck(long sentNanos, long nowNanos) {
    acked.increment();
    long micros = Math.max(0, (nowNanos - sentNanos) / 1_000);
    ackLatency.recordValue(micros);
    worstAckBySecond.computeIfAbsent(nowNanos / 1_000_000_000L, s -> new LongAccumulator(Math::max, 0))
        .accumulate(micros);
  }

  /** A delivery of editor's op {@code seq} to another connection; false when the op was not sent by this run. */
  boolean recordDelivery(int editor, long seq, long nowNanos) {
    delivered.increment();
    Long sentNanos = editor < 0 ? null : sentAt.get(key(editor, seq));
    if (sentNanos == null) {
      return false;
    }
    deliveryLatency.recordValue(Math.max(0, (nowNanos - sentNanos) / 1_000));
    return true;
  }

  private static long key(int editor, long seq) {
    return ((long) editor << 40) | seq;
  }
}
