package io.lockstep.common.ot.text;

import io.lockstep.common.ot.Side;

/**
 * Transforms a text op over a concurrent one, and cursors over an op.
 *
 * <p>Walks {@code other} component by component and pulls matching stretches of {@code op}
 * through it:
 * <pre>
 *   other skips n    →  op's next n code points pass through unchanged (op's inserts on the way too)
 *   other inserts s  →  op skips over s (after op's own insert here, when op wins the tie)
 *   other deletes n  →  op's next n code points are gone: op's skips and deletes over them vanish,
 *                       op's inserts survive
 * </pre>
 * Whatever is left of {@code op} after {@code other} ends passes through unchanged.
 */
final class TextTransform {
  private TextTransform() {}

  /** {@code op} rewritten to apply after {@code other}; both are normalized and made against the same document. */
  static TextOp transform(TextOp op, TextOp other, Side side) {
    Appender out = new Appender();
    Taker mine = Taker.keepingInsertsWhole(op);
    for (TextComponent c : other.components()) {
      if (c instanceof Skip skip) {
        passThrough(mine, skip.n(), out);
      } else if (c instanceof Insert insert) {
        // Both ops insert at this position. The winner's text goes first: LEFT puts its own
        // insert ahead of the other's; RIGHT skips the other's text, so its insert lands after it.
        if (side == Side.LEFT && mine.peek() instanceof Insert) {
          out.append(mine.takeRest());
        }
        out.append(new Skip(insert.length()));
      } else if (c instanceof Delete delete) {
        dropDeleted(mine, delete.length(), out);
      } else {
        throw new AssertionError(c);
      }
    }
    for (TextComponent rest = mine.takeRest(); rest != null; rest = mine.takeRest()) {
      out.append(rest);
    }
    return out.build();
  }

  /** Copies op's components covering the next {@code n} code points that other keeps. */
  private static void passThrough(Taker mine, int n, Appender out) {
    while (n > 0) {
      TextComponent piece = mine.take(n);
      out.append(piece);
      if (!(piece instanceof Insert)) {
        n -= piece.length();
      }
    }
  }

  /**
   * Consumes op's components covering the next {@code n} code points that other deletes. A skip
   * over them is dropped (the text is gone), and so is a delete: the other op already removed that
   * text, so deleting it again would remove something else. Inserts are kept.
   */
  private static void dropDeleted(Taker mine, int n, Appender out) {
    while (n > 0) {
      TextComponent piece = mine.take(n);
      if (piece instanceof Insert) {
        out.append(piece);
      } else {
        n -= piece.length();
      }
    }
  }

  /**
   * Where a cursor at code point {@code cursor} ends up after {@code op}. Text inserted before the
   * cursor pushes it right; text inserted exactly at the cursor does not (the cursor stays before
   * it, as in the reference); a delete spanning the cursor pulls it back to the delete's start.
   */
  static int position(int cursor, TextOp op) {
    // Longs: an op that is valid but far longer than any document must not wrap around.
    long at = cursor;
    long pos = 0;
    for (TextComponent c : op.components()) {
      if (at <= pos) {
        break;
      }
      if (c instanceof Skip skip) {
        pos += skip.n();
      } else if (c instanceof Insert insert) {
        pos += insert.length();
        at += insert.length();
      } else if (c instanceof Delete delete) {
        at -= Math.min(delete.length(), at - pos);
      } else {
        throw new AssertionError(c);
      }
    }
    return (int) Math.min(at, Integer.MAX_VALUE);
  }
}
