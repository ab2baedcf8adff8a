package io.lockstep.common.ot.text;

import io.lockstep.common.ot.InvalidOpException;

/**
 * Delete the next {@code length} code points. A delete comes in two wire forms: a count
 * ({@code {"d": 3}}) or the deleted text itself ({@code {"d": "abc"}}), which makes the op
 * invertible. The text form carries {@code text}; the count form has {@code text == null}.
 * Transform and compose keep the text form wherever the deleted text is still known.
 *
 * @param length how many code points to delete; at least 1
 * @param text the deleted text, exactly {@code length} code points long, or null for the count form
 */
public record Delete(int length, String text) implements TextComponent {

  /** @throws InvalidOpException when empty, or when the text is malformed or does not have {@code length} code points */
  public Delete {
    if (text != null) {
      int lone = CodePoints.loneSurrogate(text);
      if (lone >= 0) {
        throw new InvalidOpException("delete text holds a lone surrogate at UTF-16 index " + lone);
      }
      if (CodePoints.count(text) != length) {
        throw new InvalidOpException("delete text has " + CodePoints.count(text) + " code points, not " + length);
      }
    }
    if (length <= 0) {
      throw new InvalidOpException("delete must not be empty");
    }
  }

  /** The count form: delete {@code n} code points. */
  public static Delete count(int n) {
    return new Delete(n, null);
  }

  /** The text form: delete {@code text}, which must be what the document holds there. */
  public static Delete text(String text) {
    if (text == null) {
      throw new InvalidOpException("delete text must not be null");
    }
    return new Delete(CodePoints.count(text), text);
  }

  /** Whether this delete carries the deleted text. */
  public boolean hasText() {
    return text != null;
  }
}
