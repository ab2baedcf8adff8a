package io.lockstep.common.ot;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Helpers for plain JSON values ({@code Map}, {@code List}, {@code String}, {@code Number},
 * {@code Boolean}, {@code null}), the representation every OT type speaks at its edge.
 */
public final class JsonValues {
  private JsonValues() {}

  /**
   * Deep equality as JSON sees it: object key order does not matter, array order does, and
   * numbers compare by value ({@code 3} equals {@code 3.0}), since JSON has one number type.
   */
  public static boolean deepEquals(Object a, Object b) {
    if (a == b) {
      return true;
    }
    if (a == null || b == null) {
      return false;
    }
    if (a instanceof Number x && b instanceof Number y) {
      return numbersEqual(x, y);
    }
    if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (Map.Entry<?, ?> e : x.entrySet()) {
        if (!y.containsKey(e.getKey()) || !deepEquals(e.getValue(), y.get(e.getKey()))) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (int i = 0; i < x.size(); i++) {
        if (!deepEquals(x.get(i), y.get(i))) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }

  /** Whether {@code value} is one of the plain JSON types, recursively. */
  public static boolean isJson(Object value) {
    if (value == null || value instanceof String || value instanceof Boolean) {
      return true;
    }
    if (value instanceof Number n) {
      return !(n instanceof Double d && !Double.isFinite(d)) && !(n instanceof Float f && !Float.isFinite(f));
    }
    if (value instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!(e.getKey() instanceof String) || !isJson(e.getValue())) {
          return false;
        }
      }
      return true;
    }
    if (value instanceof List<?> l) {
      for (Object item : l) {
        if (!isJson(item)) {
          return false;
        }
      }
      return true;
    }
    return false;
  }

  private static boolean numbersEqual(Number x, Number y) {
    if (isIntegral(x) && isIntegral(y)) {
      return toBigInteger(x).equals(toBigInteger(y));
    }
    return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
  }

  private static boolean isIntegral(Number n) {
    return n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte
        || n instanceof BigInteger;
  }

  private static BigInteger toBigInteger(Number n) {
    return n instanceof BigInteger b ? b : BigInteger.valueOf(n.longValue());
  }
}
