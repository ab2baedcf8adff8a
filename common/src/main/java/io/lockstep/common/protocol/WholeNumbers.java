package io.lockstep.common.protocol;

/**
 * Reading integer fields of wire JSON the same way everywhere (WebSocket and HTTP): an integer
 * that fits in a {@code long}, or a JSON number with no fraction such as {@code 17.0}; anything
 * else (fractions, strings, numbers past 2^53 written as doubles, huge integers) is not one.
 */
public final class WholeNumbers {
  private static final double EXACT_LIMIT = 9.0e15;

  private WholeNumbers() {}

  /** The value as a long, or null when it is not a whole number that fits. */
  public static Long asLong(Object raw) {
    if (raw instanceof Integer || raw instanceof Long || raw instanceof Short || raw instanceof Byte) {
      return ((Number) raw).longValue();
    }
    if (raw instanceof Double d && d == Math.rint(d) && Math.abs(d) < EXACT_LIMIT) {
      return d.longValue();
    }
    return null;
  }
}
