package io.lockstep.sync.sharedb;

import io.lockstep.common.ot.text.Delete;
import io.lockstep.common.ot.text.Insert;
import io.lockstep.common.ot.text.Skip;
import io.lockstep.common.ot.text.TextComponent;
import io.lockstep.common.ot.text.TextOp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Moves a text-unicode presence value (a caret or selection, in code points) over a committed op,
 * so a presence made at an older version points at the same text at the newest one. Understood
 * values: a number (a caret); a list of numbers (carets or a selection's ends); an object whose
 * {@code index} (with an optional {@code length}, as Quill's range) or {@code start}/{@code end}
 * or {@code anchor}/{@code head} are numbers. Anything else cannot be moved.
 *
 * <p>Tie-break: text inserted exactly at a position pushes it along when the op is the
 * presence owner's own (their caret follows their typing) and leaves it before the insert otherwise.
 */
public final class TextPresence {
  private TextPresence() {}

  /** The value moved over {@code op}; throws {@link IllegalArgumentException} for a value it cannot move. */
  public static Object transform(Object value, TextOp op, boolean ownOp) {
    if (value == null) {
      return null;
    }
    if (value instanceof Number n) {
      return position(n, op, ownOp);
    }
    if (value instanceof List<?> list) {
      List<Object> moved = new ArrayList<>(list.size());
      for (Object item : list) {
        if (!(item instanceof Number n)) {
          throw new IllegalArgumentException("a presence list holds numbers");
        }
        moved.add(position(n, op, ownOp));
      }
      return moved;
    }
    if (value instanceof Map<?, ?> map) {
      return transformObject(map, op, ownOp);
    }
    throw new IllegalArgumentException("presence is not a position, a list of positions or a range object");
  }

  private static Map<String, Object> transformObject(Map<?, ?> map, TextOp op, boolean ownOp) {
    Map<String, Object> moved = new LinkedHashMap<>();
    map.forEach((k, v) -> moved.put(String.valueOf(k), v));
    if (map.get("index") instanceof Number index) {
      long start = position(index, op, ownOp);
      moved.put("index", start);
      if (map.get("length") instanceof Number length) {
        long end = position(index.longValue() + length.longValue(), op, ownOp);
        moved.put("length", Math.max(0, end - start));
      }
      return moved;
    }
    boolean any = false;
    for (String field : List.of("start", "end", "anchor", "head")) {
      if (map.get(field) instanceof Number n) {
        moved.put(field, position(n, op, ownOp));
        any = true;
      }
    }
    if (!any) {
      throw new IllegalArgumentException("a presence object needs index, start/end or anchor/head");
    }
    return moved;
  }

  /** One position (code points from the start) after {@code op}. */
  static long position(Number raw, TextOp op, boolean ownOp) {
    long cursor = raw.longValue();
    if (cursor < 0 || raw.doubleValue() != cursor) {
      throw new IllegalArgumentException("a position is a whole number of at least 0");
    }
    long at = 0;
    for (TextComponent c : op.components()) {
      if (at > cursor || (at == cursor && !(c instanceof Insert && ownOp))) {
        break;
      }
      if (c instanceof Skip skip) {
        at += skip.n();
      } else if (c instanceof Insert insert) {
        long n = insert.length();
        at += n;
        cursor += n;
      } else if (c instanceof Delete delete) {
        cursor -= Math.min(delete.length(), cursor - at);
      } else {
        throw new AssertionError(c);
      }
    }
    return cursor;
  }
}
