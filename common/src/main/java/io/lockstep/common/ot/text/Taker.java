package io.lockstep.common.ot.text;

import java.util.List;

/**
 * Reads an op's components front to back, cutting them into pieces of the size the caller asks
 * for. Past the last component the op keeps the rest of the document, so the taker answers with
 * skips forever. One kind of component may be declared whole: it is always handed out in one
 * piece, however little was asked for (transform never cuts the op's own inserts, compose never
 * cuts the first op's deletes, because neither consumes document positions on that side).
 *
 * <p>Positions inside the current component are tracked both in code points (to measure) and in
 * UTF-16 units (to cut text without rescanning it from the start).
 */
final class Taker {
  private final List<TextComponent> components;
  private final Class<? extends TextComponent> whole;
  private int index;
  private int currentLength;
  private int usedCodePoints;
  private int usedChars;

  private Taker(TextOp op, Class<? extends TextComponent> whole) {
    this.components = op.components();
    this.whole = whole;
    this.currentLength = components.isEmpty() ? 0 : components.get(0).length();
  }

  /** A taker over {@code op} that never cuts an insert. */
  static Taker keepingInsertsWhole(TextOp op) {
    return new Taker(op, Insert.class);
  }

  /** A taker over {@code op} that never cuts a delete. */
  static Taker keepingDeletesWhole(TextOp op) {
    return new Taker(op, Delete.class);
  }

  /** The component the next piece comes from (possibly partly taken), or null past the end. */
  TextComponent peek() {
    return index < components.size() ? components.get(index) : null;
  }

  /**
   * The next piece, at most {@code max} code points long unless its kind is kept whole; a skip of
   * {@code max} past the end of the op.
   */
  TextComponent take(int max) {
    TextComponent c = peek();
    if (c == null) {
      return new Skip(max);
    }
    int remaining = currentLength - usedCodePoints;
    if (remaining <= max || whole.isInstance(c)) {
      return takeRest();
    }
    TextComponent piece = piece(c, max);
    usedCodePoints += max;
    return piece;
  }

  /** The rest of the current component, or null past the end of the op. */
  TextComponent takeRest() {
    TextComponent c = peek();
    if (c == null) {
      return null;
    }
    TextComponent rest = usedCodePoints == 0 ? c : piece(c, currentLength - usedCodePoints);
    index++;
    usedCodePoints = 0;
    usedChars = 0;
    currentLength = index < components.size() ? components.get(index).length() : 0;
    return rest;
  }

  /** The next {@code n} code points of {@code c} from the current position; advances {@code usedChars}. */
  private TextComponent piece(TextComponent c, int n) {
    if (c instanceof Skip) {
      return new Skip(n);
    }
    if (c instanceof Insert insert) {
      return new Insert(cut(insert.text(), n));
    }
    if (c instanceof Delete delete) {
      return delete.hasText() ? Delete.text(cut(delete.text(), n)) : Delete.count(n);
    }
    throw new AssertionError(c);
  }

  private String cut(String text, int n) {
    int end = CodePoints.advance(text, usedChars, n);
    String part = text.substring(usedChars, end);
    usedChars = end;
    return part;
  }
}
