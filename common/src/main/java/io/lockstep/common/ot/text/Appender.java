package io.lockstep.common.ot.text;

import io.lockstep.common.ot.InvalidOpException;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a normalized op one component at a time: a component of the same kind as the one before
 * it is merged into it (skips add up, inserts concatenate, deletes join), and a trailing skip is
 * dropped by {@link #build()}. Two text deletes join as text; a text delete next to a count
 * delete gives a count, because the deleted text of the count part is unknown.
 */
final class Appender {
  private final List<TextComponent> out = new ArrayList<>();

  /** Adds {@code c}, merging it into the last component when both are of the same kind. */
  Appender append(TextComponent c) {
    if (out.isEmpty()) {
      out.add(c);
      return this;
    }
    int last = out.size() - 1;
    TextComponent merged = merge(out.get(last), c);
    if (merged == null) {
      out.add(c);
    } else {
      out.set(last, merged);
    }
    return this;
  }

  /** Adds every component of {@code op} in order. */
  Appender appendAll(TextOp op) {
    op.components().forEach(this::append);
    return this;
  }

  /** The op built so far, without a trailing skip. */
  TextOp build() {
    if (!out.isEmpty() && out.get(out.size() - 1) instanceof Skip) {
      out.remove(out.size() - 1);
    }
    return new TextOp(out);
  }

  /** {@code a} and {@code b} as one component, or null when they are of different kinds. */
  private static TextComponent merge(TextComponent a, TextComponent b) {
    if (a instanceof Skip x && b instanceof Skip y) {
      return new Skip(sum(x.n(), y.n()));
    }
    if (a instanceof Insert x && b instanceof Insert y) {
      return new Insert(x.text() + y.text());
    }
    if (a instanceof Delete x && b instanceof Delete y) {
      return x.hasText() && y.hasText()
          ? new Delete(sum(x.length(), y.length()), x.text() + y.text())
          : Delete.count(sum(x.length(), y.length()));
    }
    return null;
  }

  /** Lengths are ints; ops long enough to overflow one cannot fit any document, so they are bad input. */
  private static int sum(int a, int b) {
    long total = (long) a + b;
    if (total > Integer.MAX_VALUE) {
      throw new InvalidOpException("op spans more than " + Integer.MAX_VALUE + " code points");
    }
    return (int) total;
  }
}
