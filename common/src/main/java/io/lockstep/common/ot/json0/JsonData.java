package io.lockstep.common.ot.json0;

import io.lockstep.common.ot.InvalidOpException;
import io.lockstep.common.ot.JsonValues;
import io.lockstep.common.ot.rope.Rope;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plain JSON values as json0 handles them: unmodifiable copies for what it builds, the value
 * comparison the reference's {@code ===} makes, and names of value kinds for error messages.
 * (Unmodifiable collections here come from {@code Collections}, not {@code List.copyOf}, because JSON
 * values hold {@code null}s.)
 */
final class JsonData {
  private JsonData() {}

  /**
   * A deep, unmodifiable copy of {@code value}, keeping object key order.
   *
   * @throws InvalidOpException when {@code value} is not plain JSON
   */
  static Object freeze(Object value) {
    if (!JsonValues.isJson(value)) {
      throw new InvalidOpException("not a plain JSON value: a " + value.getClass().getSimpleName());
    }
    return copy(value);
  }

  private static Object copy(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put((String) k, copy(v)));
      return Collections.unmodifiableMap(out);
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      list.forEach(v -> out.add(copy(v)));
      return Collections.unmodifiableList(out);
    }
    return value;
  }

  /**
   * {@code value} as plain JSON: every {@link Rope} (a string that ops edited) flattened to its
   * string. Containers without a rope below them are returned as they are, not copied.
   */
  static Object plain(Object value) {
    if (value instanceof Rope rope) {
      return rope.toString();
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = null;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        Object v = plain(e.getValue());
        if (v != e.getValue() && out == null) {
          out = copyOf(map);
        }
        if (out != null) {
          out.put((String) e.getKey(), v);
        }
      }
      return out == null ? map : Collections.unmodifiableMap(out);
    }
    if (value instanceof List<?> list) {
      List<Object> out = null;
      for (int i = 0; i < list.size(); i++) {
        Object v = plain(list.get(i));
        if (v != list.get(i) && out == null) {
          out = new ArrayList<>(list);
        }
        if (out != null) {
          out.set(i, v);
        }
      }
      return out == null ? list : Collections.unmodifiableList(out);
    }
    return value;
  }

  /** An unmodifiable copy of {@code map} with {@code key} set to {@code value}. */
  static Map<String, Object> with(Map<?, ?> map, String key, Object value) {
    Map<String, Object> out = copyOf(map);
    out.put(key, value);
    return Collections.unmodifiableMap(out);
  }

  /** An unmodifiable copy of {@code map} without {@code key}. */
  static Map<String, Object> without(Map<?, ?> map, String key) {
    Map<String, Object> out = copyOf(map);
    out.remove(key);
    return Collections.unmodifiableMap(out);
  }

  private static Map<String, Object> copyOf(Map<?, ?> map) {
    Map<String, Object> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put((String) k, v));
    return out;
  }

  /** An unmodifiable copy of {@code list} with the element at {@code index} set to {@code value}. */
  static List<Object> with(List<?> list, int index, Object value) {
    List<Object> out = new ArrayList<>(list);
    out.set(index, value);
    return Collections.unmodifiableList(out);
  }

  /** An unmodifiable copy of {@code list} with {@code value} inserted before {@code index}. */
  static List<Object> inserting(List<?> list, int index, Object value) {
    List<Object> out = new ArrayList<>(list);
    out.add(index, value);
    return Collections.unmodifiableList(out);
  }

  /** An unmodifiable copy of {@code list} without the element at {@code index}. */
  static List<Object> removing(List<?> list, int index) {
    List<Object> out = new ArrayList<>(list);
    out.remove(index);
    return Collections.unmodifiableList(out);
  }

  /** An unmodifiable copy of {@code list} with the element at {@code from} moved to {@code to}. */
  static List<Object> moving(List<?> list, int from, int to) {
    List<Object> out = new ArrayList<>(list);
    out.add(to, out.remove(from));
    return Collections.unmodifiableList(out);
  }

  /**
   * JavaScript's {@code ===} on values that went through a JSON clone: equal strings, booleans,
   * numbers of equal value and {@code null} match; objects and arrays never do, since two clones are
   * two distinct objects. Compose relies on exactly this (see {@link Json0Appender}).
   */
  static boolean strictEquals(Object a, Object b) {
    if (a == null || b == null) {
      return a == null && b == null;
    }
    if (a instanceof Number x && b instanceof Number y) {
      return x.doubleValue() == y.doubleValue();
    }
    if (a instanceof String || a instanceof Boolean) {
      return a.equals(b);
    }
    return false;
  }

  /** A short name of the kind of {@code value}, for error messages. */
  static String kindOf(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof Map) {
      return "an object";
    }
    if (value instanceof List) {
      return "a list";
    }
    if (value instanceof String || value instanceof Rope) {
      return "a string";
    }
    if (value instanceof Number) {
      return "a number";
    }
    if (value instanceof Boolean) {
      return "a boolean";
    }
    return value.getClass().getSimpleName();
  }
}
