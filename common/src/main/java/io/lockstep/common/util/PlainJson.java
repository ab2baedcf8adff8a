package io.lockstep.common.util;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts Vert.x JSON wrappers to the plain representation the engines and OT types use
 * ({@code Map}, {@code List}, {@code String}, {@code Number}, {@code Boolean}, {@code null}).
 *
 * <p>{@link JsonObject#getValue(String)} wraps nested maps and lists in {@code JsonObject} and
 * {@code JsonArray}, and callers may build frames from either form; {@link #unwrap(Object)} gives the
 * plain form back whatever it got. Going the other way needs no helper: {@code JsonObject.put}
 * accepts plain maps and lists and encodes them as they are.
 */
public final class PlainJson {
  private PlainJson() {}

  /**
   * The plain form of {@code value}: {@code JsonObject} and {@code JsonArray} become {@code Map} and
   * {@code List}, recursively, at any depth. Values that contain no wrapper are returned as they are
   * (same instance, not copied); containers are rebuilt only along paths that hold a wrapper. Other
   * values (strings, numbers, booleans, null, anything else) pass through unchanged.
   */
  public static Object unwrap(Object value) {
    if (value instanceof JsonObject object) {
      return unwrapMap(object.getMap());
    }
    if (value instanceof JsonArray array) {
      return unwrapList(array.getList());
    }
    if (value instanceof Map<?, ?> map) {
      return unwrapMap(map);
    }
    if (value instanceof List<?> list) {
      return unwrapList(list);
    }
    return value;
  }

  private static Object unwrapMap(Map<?, ?> map) {
    Map<String, Object> copy = null;
    for (Map.Entry<?, ?> e : map.entrySet()) {
      Object inner = unwrap(e.getValue());
      if (inner != e.getValue() && copy == null) {
        copy = new LinkedHashMap<>();
        for (Map.Entry<?, ?> before : map.entrySet()) {
          if (before.getKey().equals(e.getKey())) {
            break;
          }
          copy.put(String.valueOf(before.getKey()), before.getValue());
        }
      }
      if (copy != null) {
        copy.put(String.valueOf(e.getKey()), inner);
      }
    }
    return copy != null ? copy : map;
  }

  private static Object unwrapList(List<?> list) {
    List<Object> copy = null;
    for (int i = 0; i < list.size(); i++) {
      Object item = list.get(i);
      Object inner = unwrap(item);
      if (inner != item && copy == null) {
        copy = new ArrayList<>(list.subList(0, i));
      }
      if (copy != null) {
        copy.add(inner);
      }
    }
    return copy != null ? copy : list;
  }
}
