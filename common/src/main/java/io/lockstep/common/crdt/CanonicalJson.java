package io.lockstep.common.crdt;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Plain JSON values as CRDT documents keep them, and their canonical text.
 *
 * <p>{@link #freeze} copies a value into unmodifiable maps and lists, with every number as a
 * {@code Long} when it is an integer that fits one and as a {@code Double} otherwise (JSON has one
 * number type, so {@code 3.0} is {@code 3}). {@link #text} writes the canonical JSON text that
 * identifies a set element: object keys sorted by UTF-16 code units, no whitespace, strings escaped
 * exactly as JavaScript's {@code JSON.stringify} escapes them. Set elements may hold only integers
 * within ±(2^53−1) as numbers, so that this text is the same in Java and in JavaScript (whose
 * shortest-form fractions Java 17 does not reproduce).
 */
public final class CanonicalJson {
  /** The largest integer a JavaScript number holds exactly. */
  public static final long MAX_SAFE_INTEGER = (1L << 53) - 1;
  private static final int MAX_DEPTH = 64;

  private CanonicalJson() {}

  /**
   * An unmodifiable copy of {@code raw} with normalized numbers.
   *
   * @param setElement whether this is a set element: then numbers must be integers within
   *     ±(2^53−1) and object keys are put in canonical order, so that equal elements are equal values
   * @throws IllegalArgumentException saying why when {@code raw} is not such a JSON value
   */
  public static Object freeze(Object raw, boolean setElement) {
    return freeze(raw, setElement, 0);
  }

  private static Object freeze(Object raw, boolean integersOnly, int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException("nested deeper than " + MAX_DEPTH + " levels");
    }
    if (raw == null || raw instanceof String || raw instanceof Boolean) {
      return raw;
    }
    if (raw instanceof Number n) {
      return number(n, integersOnly);
    }
    if (raw instanceof Map<?, ?> map) {
      Map<String, Object> copy = integersOnly ? new TreeMap<>() : new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!(e.getKey() instanceof String key)) {
          throw new IllegalArgumentException("object keys must be strings");
        }
        copy.put(key, freeze(e.getValue(), integersOnly, depth + 1));
      }
      return Collections.unmodifiableMap(integersOnly ? new LinkedHashMap<>(copy) : copy);
    }
    if (raw instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      for (Object item : list) {
        copy.add(freeze(item, integersOnly, depth + 1));
      }
      return Collections.unmodifiableList(copy);
    }
    throw new IllegalArgumentException("not a JSON value");
  }

  private static Number number(Number n, boolean integersOnly) {
    if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte) {
      return safe(n.longValue(), integersOnly);
    }
    BigDecimal exact;
    if (n instanceof BigInteger big) {
      exact = new BigDecimal(big);
    } else if (n instanceof BigDecimal decimal) {
      exact = decimal;
    } else {
      double d = n.doubleValue();
      if (!Double.isFinite(d)) {
        throw new IllegalArgumentException("numbers must be finite");
      }
      exact = new BigDecimal(d);
    }
    try {
      return safe(exact.longValueExact(), integersOnly);
    } catch (ArithmeticException notALong) {
      if (integersOnly) {
        throw new IllegalArgumentException("numbers in set elements must be integers within ±(2^53-1)");
      }
      double d = exact.doubleValue();
      if (!Double.isFinite(d)) {
        throw new IllegalArgumentException("numbers must be finite");
      }
      return d;
    }
  }

  private static Long safe(long value, boolean integersOnly) {
    if (integersOnly && (value > MAX_SAFE_INTEGER || value < -MAX_SAFE_INTEGER)) {
      throw new IllegalArgumentException("numbers in set elements must be integers within ±(2^53-1)");
    }
    return value;
  }

  /** The canonical JSON text of a frozen value. */
  public static String text(Object value) {
    StringBuilder out = new StringBuilder();
    write(value, out);
    return out.toString();
  }

  private static void write(Object value, StringBuilder out) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String s) {
      string(s, out);
    } else if (value instanceof Map<?, ?> map) {
      Map<String, Object> sorted = new TreeMap<>();
      map.forEach((k, v) -> sorted.put((String) k, v));
      out.append('{');
      boolean first = true;
      for (Map.Entry<String, Object> e : sorted.entrySet()) {
        out.append(first ? "" : ",");
        first = false;
        string(e.getKey(), out);
        out.append(':');
        write(e.getValue(), out);
      }
      out.append('}');
    } else if (value instanceof List<?> list) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        out.append(i == 0 ? "" : ",");
        write(list.get(i), out);
      }
      out.append(']');
    } else {
      out.append(value);
    }
  }

  /** {@code s} quoted and escaped as {@code JSON.stringify} does (ES2019: lone surrogates escaped). */
  private static void string(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || isLoneSurrogate(s, i)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        out.append(s.charAt(++i));
      }
    }
    out.append('"');
  }

  private static boolean isLoneSurrogate(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
    }
    return Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
  }
}
