package io.lockstep.common.ot.json0;

import io.lockstep.common.ot.InvalidOpException;
import java.util.Objects;

/**
 * One edit of the {@code text0} subtype: {@code {p: offset, i: text}} or {@code {p: offset, d: text}}.
 * Offsets and lengths count UTF-16 code units (Java {@code String} indexes), like JavaScript, so an
 * offset may fall between the two halves of a surrogate pair.
 */
public sealed interface Text0Component permits Text0Component.Insert, Text0Component.Delete {

  /** Where the edit happens, in UTF-16 code units from the start of the string. */
  int offset();

  /** The inserted or deleted text. */
  String text();

  /** The same edit at another offset. */
  Text0Component at(int offset);

  /** Inserts {@code text} at {@code offset}. */
  record Insert(int offset, String text) implements Text0Component {
    public Insert {
      checkOffset(offset);
      Objects.requireNonNull(text, "text");
    }

    @Override
    public Insert at(int newOffset) {
      return new Insert(newOffset, text);
    }
  }

  /** Deletes {@code text}, which must be what the string holds at {@code offset}. */
  record Delete(int offset, String text) implements Text0Component {
    public Delete {
      checkOffset(offset);
      Objects.requireNonNull(text, "text");
    }

    @Override
    public Delete at(int newOffset) {
      return new Delete(newOffset, text);
    }
  }

  private static void checkOffset(int offset) {
    if (offset < 0) {
      throw new InvalidOpException("string offset cannot be negative, got " + offset);
    }
  }
}
