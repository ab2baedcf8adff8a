package io.lockstep.common.ot.text;

import io.lockstep.common.ot.InvalidOpException;

/**
 * Insert {@code text} at the current position.
 *
 * @param text the inserted text: not empty and well-formed UTF-16 (no lone surrogate)
 */
public record Insert(String text) implements TextComponent {

  /** @throws InvalidOpException when the text is null, empty or holds a lone surrogate */
  public Insert {
    if (text == null || text.isEmpty()) {
      throw new InvalidOpException("insert must not be empty");
    }
    int lone = CodePoints.loneSurrogate(text);
    if (lone >= 0) {
      throw new InvalidOpException("insert holds a lone surrogate at UTF-16 index " + lone);
    }
  }

  /** The inserted text's length in code points. */
  @Override
  public int length() {
    return CodePoints.count(text);
  }
}
