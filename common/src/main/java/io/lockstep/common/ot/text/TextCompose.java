package io.lockstep.common.ot.text;

/**
 * Composes two text ops into one with the effect of the first followed by the second.
 *
 * <p>Walks the second op and pulls the first one through it; the second op's positions are
 * positions in the first op's output:
 * <pre>
 *   second skips n    →  first's next n output code points pass through (first's deletes on the way too)
 *   second inserts s  →  s is emitted here, ahead of any delete of the first op at this position
 *   second deletes n  →  first's next n output code points go: text first inserted is simply not
 *                        inserted, text first skipped becomes a delete
 * </pre>
 * Deletes of the first op produce no output, so they pass through whole and never count.
 */
final class TextCompose {
  private TextCompose() {}

  /** One op equivalent to {@code first} then {@code second}; {@code second} is made against first's result. */
  static TextOp compose(TextOp first, TextOp second) {
    Appender out = new Appender();
    Taker earlier = Taker.keepingDeletesWhole(first);
    for (TextComponent c : second.components()) {
      if (c instanceof Skip skip) {
        keep(earlier, skip.n(), out);
      } else if (c instanceof Insert) {
        out.append(c);
      } else if (c instanceof Delete delete) {
        delete(earlier, delete, out);
      } else {
        throw new AssertionError(c);
      }
    }
    for (TextComponent rest = earlier.takeRest(); rest != null; rest = earlier.takeRest()) {
      out.append(rest);
    }
    return out.build();
  }

  /** Copies first's components producing the next {@code n} output code points, and its deletes among them. */
  private static void keep(Taker earlier, int n, Appender out) {
    while (n > 0) {
      TextComponent piece = earlier.take(n);
      out.append(piece);
      if (!(piece instanceof Delete)) {
        n -= piece.length();
      }
    }
  }

  /**
   * Applies second's {@code delete} to first's output. Where first skipped, the document's text
   * is deleted: emit the matching slice of the delete (text stays text). Where first inserted, the
   * two cancel out. First's own deletes pass through.
   */
  private static void delete(Taker earlier, Delete delete, Appender out) {
    int done = 0;
    while (done < delete.length()) {
      TextComponent piece = earlier.take(delete.length() - done);
      if (piece instanceof Skip skip) {
        out.append(slice(delete, done, done + skip.n()));
        done += skip.n();
      } else if (piece instanceof Insert insert) {
        done += insert.length();
      } else {
        out.append(piece);
      }
    }
  }

  private static Delete slice(Delete delete, int start, int end) {
    return delete.hasText() ? Delete.text(CodePoints.slice(delete.text(), start, end)) : Delete.count(end - start);
  }
}
