package io.lockstep.sync.convergence;

import io.lockstep.common.util.PlainJson;
import io.vertx.core.json.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * JSON values compared the way JSON means them: object keys in any order (two clients may insert
 * keys in different orders) and numbers by value ({@code Integer} 3, {@code Long} 3 and 3.0 alike).
 */
final class Canonical {
  private Canonical() {}

  /** A string equal for two values exactly when they are the same JSON value. */
  static String of(Object json) {
    return Json.encode(normalize(PlainJson.unwrap(json)));
  }

  /** The value as JSON text, as it is, for messages. */
  static String text(Object json) {
    return Json.encode(PlainJson.unwrap(json));
  }

  private static Object normalize(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> sorted = new TreeMap<>();
      map.forEach((k, v) -> sorted.put((String) k, normalize(v)));
      return sorted;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      list.forEach(v -> out.add(normalize(v)));
      return out;
    }
    if (value instanceof Number n) {
      BigDecimal exact = n instanceof BigDecimal b ? b
          : n instanceof BigInteger b ? new BigDecimal(b)
          : n instanceof Double || n instanceof Float ? new BigDecimal(n.toString())
          : BigDecimal.valueOf(n.longValue());
      BigDecimal stripped = exact.stripTrailingZeros();
      return stripped.scale() <= 0 ? (Object) stripped.toBigIntegerExact() : stripped;
    }
    return value;
  }
}
