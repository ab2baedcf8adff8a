package io.lockstep.bench.load;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * How late the load generator's own event loops run: a timer on each loop every
 * {@value #PERIOD_MS} ms records how far past its due time it fired. A latency figure is only the
 * server's when this lag stays small: a loop busy decoding frames reads acks late, and the delay
 * lands in the ack latency as if the server had caused it.
 */
final class LoopLag {
  private static final long PERIOD_MS = 5;

  private final Recorder lag = new Recorder(3);
  private final Vertx vertx;

  /** Starts one probe on each of {@code loops} event loops of {@code vertx}. */
  LoopLag(Vertx vertx, int loops) {
    this.vertx = vertx;
    for (int i = 0; i < loops; i++) {
      Context context = vertx.getOrCreateContext();
      context.runOnContext(v -> arm(System.nanoTime() + PERIOD_MS * 1_000_000));
    }
  }

  private void arm(long due) {
    long delayMs = Math.max(1, (due - System.nanoTime() + 999_999) / 1_000_000);
    vertx.setTimer(delayMs, id -> {
      long now = System.nanoTime();
      lag.recordValue(Math.max(0, (now - due) / 1_000));
      arm(now + PERIOD_MS * 1_000_000);
    });
  }

  /** Lag in µs recorded since the previous call. */
  Histogram interval() {
    return lag.getIntervalHistogram();
  }
}
