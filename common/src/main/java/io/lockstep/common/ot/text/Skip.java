package io.lockstep.common.ot.text;

import io.lockstep.common.ot.InvalidOpException;

/**
 * Keep the next {@code n} code points of the document unchanged.
 *
 * @param n how many code points to keep; at least 1
 */
public record Skip(int n) implements TextComponent {

  /** @throws InvalidOpException when {@code n <= 0} */
  public Skip {
    if (n <= 0) {
      throw new InvalidOpException("skip must be > 0, got " + n);
    }
  }

  @Override
  public int length() {
    return n;
  }
}
