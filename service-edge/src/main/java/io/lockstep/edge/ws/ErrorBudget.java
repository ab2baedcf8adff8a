package io.lockstep.edge.ws;

/**
 * Counts the errors one connection earns per minute. Honest mistakes stay far below the budget;
 * a client that keeps sending garbage exceeds it and is closed with 1008 (PROTOCOL.md: "repeated abuse").
 */
public final class ErrorBudget {
  private static final long MINUTE_NANOS = 60_000_000_000L;
  private final int perMinute;
  private long windowStart;
  private int count;

  public ErrorBudget(int perMinute, long nowNanos) {
    this.perMinute = perMinute;
    this.windowStart = nowNanos;
  }

  /** Records one error; false when the budget of the current minute is spent. */
  public boolean spend(long nowNanos) {
    if (nowNanos - windowStart >= MINUTE_NANOS) {
      windowStart = nowNanos;
      count = 0;
    }
    return ++count <= perMinute;
  }
}
