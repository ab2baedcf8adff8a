package io.lockstep.common.ot.json0;

import io.lockstep.common.ot.InvalidOpException;
import io.lockstep.common.ot.Side;
import io.lockstep.common.ot.json0.Text0Component.Delete;
import io.lockstep.common.ot.json0.Text0Component.Insert;
import java.util.List;

/** Transform of {@code text0} string edits, as json0 uses them for {@code si}/{@code sd} and {@code t: "text0"}. */
final class Text0Transform {
  private static final PairwiseTransform<Text0Component> PAIRWISE =
      new PairwiseTransform<>(Text0Transform::transformComponent, Text0::append);

  private Text0Transform() {}

  /** {@code edits} rewritten to apply after {@code other}; LEFT wins ties. */
  static List<Text0Component> transform(List<Text0Component> edits, List<Text0Component> other, Side side) {
    return PAIRWISE.transform(edits, other, side);
  }

  private static void transformComponent(List<Text0Component> dest, Text0Component c, Text0Component other, Side side) {
    if (c instanceof Insert insert) {
      // Tie: two inserts at one offset. The RIGHT insert is pushed after the other one, so the LEFT
      // insert ends up first in the string.
      Text0.append(dest, insert.at(position(c.offset(), other, side == Side.RIGHT)));
    } else if (c instanceof Delete delete) {
      if (other instanceof Insert otherInsert) {
        deleteAfterInsert(dest, delete, otherInsert);
      } else if (other instanceof Delete otherDelete) {
        deleteAfterDelete(dest, delete, otherDelete);
      } else {
        throw new AssertionError(other);
      }
    } else {
      throw new AssertionError(c);
    }
  }

  /**
   * Where {@code pos} ends up after {@code other}. An insert exactly at {@code pos} pushes it along
   * only when {@code insertAfter}; a delete pulls everything inside it to its start.
   */
  static int position(int pos, Text0Component other, boolean insertAfter) {
    int at = other.offset();
    int length = other.text().length();
    if (other instanceof Insert) {
      return at < pos || (at == pos && insertAfter) ? pos + length : pos;
    }
    if (other instanceof Delete) {
      if (pos <= at) {
        return pos;
      }
      return pos <= at + length ? at : pos - length;
    }
    throw new AssertionError(other);
  }

  /** A delete that spans the other's insert point splits in two around the inserted text, which survives. */
  private static void deleteAfterInsert(List<Text0Component> dest, Delete c, Insert other) {
    String text = c.text();
    if (c.offset() < other.offset()) {
      int before = Math.min(other.offset() - c.offset(), text.length());
      Text0.append(dest, new Delete(c.offset(), text.substring(0, before)));
      text = text.substring(before);
    }
    if (!text.isEmpty()) {
      Text0.append(dest, new Delete(c.offset() + other.text().length(), text));
    }
  }

  /** Text both deleted is deleted once: this delete keeps only what the other did not delete. */
  private static void deleteAfterDelete(List<Text0Component> dest, Delete c, Delete other) {
    int start = c.offset();
    int end = start + c.text().length();
    int otherStart = other.offset();
    int otherEnd = otherStart + other.text().length();
    if (start >= otherEnd) {
      Text0.append(dest, c.at(start - other.text().length()));
    } else if (end <= otherStart) {
      Text0.append(dest, c);
    } else {
      int overlapStart = Math.max(start, otherStart);
      int overlapEnd = Math.min(end, otherEnd);
      String mine = c.text().substring(overlapStart - start, overlapEnd - start);
      String theirs = other.text().substring(overlapStart - otherStart, overlapEnd - otherStart);
      if (!mine.equals(theirs)) {
        // No text in the message: the other delete's text is document content.
        throw new InvalidOpException("concurrent deletes disagree on the " + (overlapEnd - overlapStart)
            + " characters they both delete at offset " + overlapStart);
      }
      String kept = (start < otherStart ? c.text().substring(0, otherStart - start) : "")
          + (end > otherEnd ? c.text().substring(otherEnd - start) : "");
      if (!kept.isEmpty()) {
        Text0.append(dest, new Delete(position(start, other, false), kept));
      }
    }
  }
}
