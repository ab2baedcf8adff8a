package io.lockstep.common.crdt;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Plain JSON values as CRDT documents keep them, and their canonical text.
 *
 * <p>{@link #freeze} copies a value into unmodifiable maps and lists, with every number as the
 * double JavaScript would read it as (so {@code 12345678901234567890} is 12345678901234567000 and
 * {@code 3.0} is {@code 3}), held as a {@code Long} when it is an integer that fits one and as a
 * {@code Double} otherwise, so that equal numbers are equal objects. {@link #text} writes the
 * canonical JSON text that identifies a set element: object keys sorted by UTF-16 code units, no
 * whitespace, strings escaped and numbers written exactly as JavaScript's {@code JSON.stringify}
 * writes them ({@link EcmaNumberText}), so that the text is the same in Java and in JavaScript.
 */
public final class CanonicalJson {
  /** The largest integer a JavaScript number holds exactly. */
  public static final long MAX_SAFE_INTEGER = (1L << 53) - 1;
  private static final int MAX_DEPTH = 64;

  private CanonicalJson() {}

  /**
   * An unmodifiable copy of {@code raw} with normalized numbers.
   *
   * @param setElement whether this is a set element: then object keys are put in canonical order,
   *     so that equal elements are equal values
   * @throws IllegalArgumentException saying why when {@code raw} is not a JSON value (with finite numbers)
   */
  public static Object freeze(Object raw, boolean setElement) {
    return freeze(raw, setElement, 0);
  }

  private static Object freeze(Object raw, boolean sortKeys, int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException("nested deeper than " + MAX_DEPTH + " levels");
    }
    if (raw == null || raw instanceof String || raw instanceof Boolean) {
      return raw;
    }
    if (raw instanceof Number n) {
      return number(n);
    }
    if (raw instanceof Map<?, ?> map) {
      Map<String, Object> copy = sortKeys ? new TreeMap<>() : new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!(e.getKey() instanceof String key)) {
          throw new IllegalArgumentException("object keys must be strings");
        }
        copy.put(key, freeze(e.getValue(), sortKeys, depth + 1));
      }
      return Collections.unmodifiableMap(sortKeys ? new LinkedHashMap<>(copy) : copy);
    }
    if (raw instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      for (Object item : list) {
        copy.add(freeze(item, sortKeys, depth + 1));
      }
      return Collections.unmodifiableList(copy);
    }
    throw new IllegalArgumentException("not a JSON value");
  }

  /** {@code n} as the double JavaScript reads it as: a Long when integral and within a long's range. */
  private static Number number(Number n) {
    if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte) {
      long exact = n.longValue();
      // Within ±2^53 every integer is a double; beyond, the nearest double (long to double rounds to nearest, ties even).
      return Math.abs(exact) <= MAX_SAFE_INTEGER + 1 ? (Number) exact : normal((double) exact);
    }
    // BigInteger and BigDecimal round to the nearest double (ties even), as JavaScript's parser does.
    double d = n.doubleValue();
    if (!Double.isFinite(d)) {
      throw new IllegalArgumentException("numbers must be finite");
    }
    return normal(d);
  }

  private static Number normal(double d) {
    return d == Math.rint(d) && Math.abs(d) < 0x1p63 ? (Number) (long) d : (Number) d;
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
    } else if (value instanceof Long n && Math.abs(n) <= MAX_SAFE_INTEGER + 1) {
      out.append(n.longValue());
    } else if (value instanceof Number n) {
      out.append(EcmaNumberText.of(n.doubleValue()));
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
