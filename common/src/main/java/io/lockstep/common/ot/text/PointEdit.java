package io.lockstep.common.ot.text;

import io.lockstep.common.ot.Side;
import java.util.List;

/**
 * An op that inserts or deletes at one place ({@code [p, "abc"]}, {@code [p, {"d": 2}]}): the shape
 * of almost every keystroke, held as numbers so that transforming it is arithmetic. A server that
 * falls behind receives ops made against older versions and rebases each over more committed ops;
 * when every step built a new op, falling behind made each op dearer and the server fell further
 * behind (issue 16's 200-editor collapse). Rebasing a keystroke over a run of keystrokes here
 * allocates nothing until the end.
 *
 * <p>Mutable and short-lived: one instance follows one op through one rebase. Whenever a step is
 * not pure arithmetic (the other op has several edits, an insert lands inside this delete, a text
 * delete loses part of its text), {@link #transformOver} hands the op to {@link TextTransform}
 * for that step and picks the shape up again afterwards. Both paths give equal ops
 * ({@code PointEditProperties}).
 */
final class PointEdit {
  private long pos;
  private long len;
  private final boolean inserting;
  /** The inserted text, or a delete's text (null for a count delete). */
  private final String text;

  private PointEdit(long pos, long len, boolean inserting, String text) {
    this.pos = pos;
    this.len = len;
    this.inserting = inserting;
    this.text = text;
  }

  /** {@code op} rewritten to apply after each of {@code others} in turn, as repeated {@link TextTransform#transform} would. */
  static TextOp transformOver(TextOp op, List<? extends TextOp> others, Side side) {
    TextOp general = op;
    PointEdit point = of(op);
    for (int i = 0; i < others.size(); i++) {
      TextOp other = others.get(i);
      if (point != null) {
        if (point.len == 0 || point.step(other, side)) {
          continue;
        }
        general = point.toOp();
      }
      general = TextTransform.transform(TextUnicodeType.INSTANCE.normalize(general),
          TextUnicodeType.INSTANCE.normalize(other), side);
      point = of(general);
    }
    return point == null ? general : point.toOp();
  }

  /** {@code op} as a point edit, or null when it has another shape (the no-op, several edits). */
  private static PointEdit of(TextOp op) {
    List<TextComponent> c = op.components();
    TextComponent edit;
    int at;
    if (c.size() == 1) {
      at = 0;
      edit = c.get(0);
    } else if (c.size() == 2 && c.get(0) instanceof Skip skip) {
      at = skip.n();
      edit = c.get(1);
    } else {
      return null;
    }
    if (edit instanceof Insert insert) {
      return new PointEdit(at, insert.length(), true, insert.text());
    }
    Delete delete = (Delete) edit;
    return new PointEdit(at, delete.length(), false, delete.text());
  }

  /** Moves this edit over {@code other}; false when that needs the general transform (nothing changed then). */
  private boolean step(TextOp other, Side side) {
    List<TextComponent> c = other.components();
    int q;
    TextComponent edit;
    if (c.isEmpty()) {
      return true;
    } else if (c.size() == 1) {
      q = 0;
      edit = c.get(0);
    } else if (c.size() == 2 && c.get(0) instanceof Skip skip) {
      q = skip.n();
      edit = c.get(1);
    } else {
      return false;
    }
    return edit instanceof Insert insert ? overInsert(q, insert.length(), side) : overDelete(q, edit.length());
  }

  /** Over text of {@code b} code points inserted at {@code q}. */
  private boolean overInsert(long q, long b, Side side) {
    long moved;
    if (inserting) {
      // Same position: the LEFT op's text goes first, so only RIGHT moves past the other's.
      moved = q < pos || (q == pos && side == Side.RIGHT) ? pos + b : pos;
    } else if (q <= pos) {
      moved = pos + b;
    } else if (q < pos + len) {
      return false; // inserted inside this delete: the delete splits in two
    } else {
      moved = pos;
    }
    if (moved > Integer.MAX_VALUE) {
      return false; // past what a skip holds: the general transform reports the bad op
    }
    pos = moved;
    return true;
  }

  /** Over {@code m} code points deleted at {@code q}. */
  private boolean overDelete(long q, long m) {
    long start = q >= pos ? pos : Math.max(q, pos - m);
    if (!inserting) {
      long overlap = Math.min(pos + len, q + m) - Math.max(pos, q);
      if (overlap > 0) {
        if (text != null) {
          return false; // a text delete keeps only part of its text: left to the general transform
        }
        len -= overlap;
      }
    }
    pos = start;
    return true;
  }

  private TextOp toOp() {
    if (len == 0) {
      return TextOp.NOOP;
    }
    TextComponent edit = inserting ? new Insert(text) : new Delete((int) len, text);
    return new TextOp(pos == 0 ? List.of(edit) : List.of(new Skip((int) pos), edit));
  }
}
