package io.lockstep.common.engine.ops;

import io.lockstep.common.config.Limits;

/**
 * How much of each document an {@link OpStore} keeps: the op log is trimmed to at most {@code ops}
 * ops and {@code bytes} bytes of encoded op frames (never past the latest stored snapshot), and at
 * most {@code sources} {@code (src, seq)} records are kept, the least recently committed dropped first.
 *
 * @param ops ops kept per document, at least 1
 * @param bytes bytes of encoded op frames kept per document, at least 1
 * @param sources source records kept per document, at least 1
 */
public record Retention(int ops, long bytes, int sources) {
  public Retention {
    if (ops < 1 || bytes < 1 || sources < 1) {
      throw new IllegalArgumentException("retention bounds must be >= 1, got ops=" + ops + " bytes=" + bytes
          + " sources=" + sources);
    }
  }

  /** The bounds the configuration sets. */
  public static Retention of(Limits limits) {
    return new Retention(limits.retainOps(), limits.maxHistoryBytes(), limits.maxSourcesPerDoc());
  }

  /** {@code ops} ops, with the default byte and source bounds. */
  public static Retention ofOps(int ops) {
    return new Retention(ops, Limits.DEFAULTS.maxHistoryBytes(), Limits.DEFAULTS.maxSourcesPerDoc());
  }
}
