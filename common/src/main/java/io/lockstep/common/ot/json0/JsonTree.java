package io.lockstep.common.ot.json0;

import io.lockstep.common.ot.InvalidOpException;
import io.lockstep.common.ot.rope.Rope;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Copy-on-write edits deep inside a JSON document: the value at a path is replaced by a changed
 * copy, and so is every container on the way down to it; everything else is shared with the input,
 * which is never modified.
 */
final class JsonTree {
  private JsonTree() {}

  /**
   * {@code root} with the value at {@code path} replaced by {@code change} applied to it.
   *
   * @throws InvalidOpException when the path does not lead to a value: a missing key, an index out
   *     of range, a key into a list, an index into an object, or a step into a string, number,
   *     boolean or {@code null}
   */
  static Object update(Object root, Path path, UnaryOperator<Object> change) {
    return update(root, path, 0, change);
  }

  private static Object update(Object node, Path path, int depth, UnaryOperator<Object> change) {
    if (depth == path.size()) {
      return change.apply(node);
    }
    Object step = path.get(depth);
    if (node instanceof Map<?, ?> map) {
      if (!(step instanceof String key)) {
        throw new InvalidOpException("path element " + step + " is an index, but the value there is an object");
      }
      if (!map.containsKey(key)) {
        throw new InvalidOpException("path goes through the missing key '" + key + "'");
      }
      return JsonData.with(map, key, update(map.get(key), path, depth + 1, change));
    }
    if (node instanceof List<?> list) {
      if (!(step instanceof Integer index)) {
        throw new InvalidOpException("path element '" + step + "' is a key, but the value there is a list");
      }
      if (index >= list.size()) {
        throw new InvalidOpException("path goes through index " + index + " of a list of size " + list.size());
      }
      return JsonData.with(list, index, update(list.get(index), path, depth + 1, change));
    }
    throw new InvalidOpException("path goes into " + JsonData.kindOf(node) + " at element " + step);
  }

  /** {@code node} as an object, or the error that {@code instruction} needs one. */
  static Map<?, ?> object(Object node, String instruction) {
    if (node instanceof Map<?, ?> map) {
      return map;
    }
    throw new InvalidOpException(instruction + " needs an object, found " + JsonData.kindOf(node));
  }

  /** {@code node} as a list, or the error that {@code instruction} needs one. */
  static List<?> list(Object node, String instruction) {
    if (node instanceof List<?> list) {
      return list;
    }
    throw new InvalidOpException(instruction + " needs a list, found " + JsonData.kindOf(node));
  }

  /**
   * {@code node} as a rope to edit, or the error that {@code instruction} needs a string. A string
   * becomes a rope at its first edit and stays one (see {@link Json0Type}).
   */
  static Rope text(Object node, String instruction) {
    if (node instanceof Rope rope) {
      return rope;
    }
    if (node instanceof String text) {
      return Rope.of(text);
    }
    throw new InvalidOpException(instruction + " needs a string, found " + JsonData.kindOf(node));
  }

  /** {@code node} as a number, or the error that {@code instruction} needs one. */
  static Number number(Object node, String instruction) {
    if (node instanceof Number n) {
      return n;
    }
    throw new InvalidOpException(instruction + " needs a number, found " + JsonData.kindOf(node));
  }
}
