package io.lockstep.common.ot.text;

import io.lockstep.common.ot.InvalidOpException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Maps text-unicode ops between the wire form of PROTOCOL.md and {@link TextOp}: a JSON array
 * whose elements are a number (skip), a string (insert) or {@code {"d": count | "text"}} (delete).
 *
 * <p>Parsing is stricter than the reference where the reference is merely lenient: a skip or
 * delete count must be a whole number (the reference rounds fractions up), a component must not
 * be a boolean (the reference ignores it), a delete object holds {@code d} and nothing else, and
 * strings must not hold lone surrogates. Every error names the component at fault.
 */
final class TextOpCodec {
  private TextOpCodec() {}

  /** The op written as {@code json}; throws {@link InvalidOpException} when it is malformed. */
  static TextOp parse(Object json) {
    if (!(json instanceof List<?> list)) {
      throw new InvalidOpException("op must be an array of components, got " + describe(json));
    }
    List<TextComponent> components = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      try {
        components.add(component(list.get(i)));
      } catch (InvalidOpException e) {
        throw e.at(i, List.of());
      }
    }
    return new TextOp(components);
  }

  /** The op as plain JSON: numbers, strings and {@code {"d": …}} maps in a list. */
  static List<Object> write(TextOp op) {
    List<Object> out = new ArrayList<>(op.components().size());
    for (TextComponent c : op.components()) {
      if (c instanceof Skip skip) {
        out.add(skip.n());
      } else if (c instanceof Insert insert) {
        out.add(insert.text());
      } else if (c instanceof Delete delete) {
        out.add(Map.of("d", delete.hasText() ? delete.text() : delete.length()));
      } else {
        throw new AssertionError(c);
      }
    }
    return out;
  }

  private static TextComponent component(Object json) {
    if (json instanceof Number n) {
      return new Skip(count(n, "skip"));
    }
    if (json instanceof String s) {
      return new Insert(s);
    }
    if (json instanceof Map<?, ?> map) {
      return delete(map);
    }
    throw new InvalidOpException(
        "component must be a number (skip), a string (insert) or {\"d\": …} (delete), got " + describe(json));
  }

  private static Delete delete(Map<?, ?> map) {
    for (Object key : map.keySet()) {
      if (!"d".equals(key)) {
        throw new InvalidOpException("delete must hold only \"d\", found \"" + key + "\"");
      }
    }
    Object d = map.get("d");
    if (d instanceof Number n) {
      return Delete.count(count(n, "delete"));
    }
    if (d instanceof String s) {
      return Delete.text(s);
    }
    throw new InvalidOpException("delete must be a number or a string, got " + describe(d));
  }

  /** {@code n} as a positive int; JSON has one number type, so {@code 3.0} is 3 but {@code 1.5} is refused. */
  private static int count(Number n, String what) {
    BigDecimal value;
    try {
      value = n instanceof BigDecimal b ? b
          : n instanceof BigInteger b ? new BigDecimal(b)
          : n instanceof Double || n instanceof Float ? new BigDecimal(n.toString())
          : BigDecimal.valueOf(n.longValue());
    } catch (NumberFormatException notFinite) {
      throw new InvalidOpException(what + " must be a whole number, got " + n);
    }
    if (value.signum() <= 0) {
      throw new InvalidOpException(what + " must be > 0, got " + n);
    }
    if (value.stripTrailingZeros().scale() > 0) {
      throw new InvalidOpException(what + " must be a whole number, got " + n);
    }
    if (value.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
      throw new InvalidOpException(what + " is too large: " + n);
    }
    return value.intValueExact();
  }

  private static String describe(Object json) {
    if (json == null) {
      return "null";
    }
    if (json instanceof Map<?, ?>) {
      return "an object";
    }
    if (json instanceof List<?>) {
      return "an array";
    }
    return json.getClass().getSimpleName().toLowerCase() + " " + json;
  }
}
