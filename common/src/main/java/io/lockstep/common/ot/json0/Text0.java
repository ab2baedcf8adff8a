package io.lockstep.common.ot.json0;

import io.lockstep.common.ot.InvalidOpException;
import io.lockstep.common.ot.json0.Text0Component.Delete;
import io.lockstep.common.ot.json0.Text0Component.Insert;
import io.lockstep.common.ot.rope.Rope;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code text0} string subtype, minus transform (see {@link Text0Transform}): apply, the
 * merging append that compose is built on, and invert. Offsets are UTF-16 code units.
 */
final class Text0 {
  private Text0() {}

  /**
   * {@code text} with the edits applied in order.
   *
   * @throws InvalidOpException when an insert lands past the end of the string (the reference
   *     appends there; we refuse) or a delete's text is not what the string holds at its offset
   */
  static Rope apply(Rope text, List<Text0Component> edits) {
    Rope out = text;
    for (Text0Component edit : edits) {
      out = apply(out, edit);
    }
    return out;
  }

  private static Rope apply(Rope text, Text0Component edit) {
    int at = edit.offset();
    if (edit instanceof Insert insert) {
      if (at > text.length()) {
        throw new InvalidOpException("insert at offset " + at + " is past the end of a string of length " + text.length());
      }
      return text.insert(at, insert.text());
    }
    if (edit instanceof Delete delete) {
      int end = at + delete.text().length();
      String there = at > text.length() ? "" : text.substring(at, Math.min(end, text.length()));
      if (!there.equals(delete.text())) {
        // Lengths only: the string belongs to the document, which the caller may not be allowed to read.
        throw new InvalidOpException("delete of " + delete.text().length() + " characters at offset " + at
            + " does not match the string (length " + text.length() + ")");
      }
      return text.delete(at, end);
    }
    throw new AssertionError(edit);
  }

  /**
   * Appends {@code edit} to {@code dest}, merging it into the last edit when both insert and the new
   * insert lands inside or at either end of the last one, or both delete and they touch. Empty edits
   * vanish. This is the reference's rule exactly: merges happen only with the last edit.
   */
  static void append(List<Text0Component> dest, Text0Component edit) {
    if (edit.text().isEmpty()) {
      return;
    }
    if (dest.isEmpty()) {
      dest.add(edit);
      return;
    }
    Text0Component last = dest.get(dest.size() - 1);
    int lastAt = last.offset();
    int at = edit.offset();
    if (last instanceof Insert && edit instanceof Insert
        && lastAt <= at && at <= lastAt + last.text().length()) {
      dest.set(dest.size() - 1, new Insert(lastAt, inject(last.text(), at - lastAt, edit.text())));
    } else if (last instanceof Delete && edit instanceof Delete
        && at <= lastAt && lastAt <= at + edit.text().length()) {
      // The new delete starts at or before the last one: the last one's text sits inside it.
      dest.set(dest.size() - 1, new Delete(at, inject(edit.text(), lastAt - at, last.text())));
    } else {
      dest.add(edit);
    }
  }

  /** {@code first} followed by {@code second}; only {@code second}'s edits are merged in (see {@link #append}). */
  static List<Text0Component> compose(List<Text0Component> first, List<Text0Component> second) {
    List<Text0Component> out = new ArrayList<>(first);
    second.forEach(edit -> append(out, edit));
    return out;
  }

  /** The edits that undo {@code edits}: reversed, inserts and deletes swapped. */
  static List<Text0Component> invert(List<Text0Component> edits) {
    List<Text0Component> out = new ArrayList<>(edits.size());
    for (int i = edits.size() - 1; i >= 0; i--) {
      Text0Component edit = edits.get(i);
      out.add(edit instanceof Insert
          ? new Delete(edit.offset(), edit.text())
          : new Insert(edit.offset(), edit.text()));
    }
    return out;
  }

  private static String inject(String into, int at, String text) {
    return into.substring(0, at) + text + into.substring(at);
  }
}
