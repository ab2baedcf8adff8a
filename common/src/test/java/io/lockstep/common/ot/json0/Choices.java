package io.lockstep.common.ot.json0;

import java.util.List;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.impl.Constraint;

/**
 * The random choices a generator makes, drawn one by one from QuickTheories' randomness source.
 * QuickTheories shrinks a failing example by replaying smaller draws, and 0 is every generator's
 * simplest option, so the document and ops of a failure shrink towards small ones.
 */
final class Choices {
  private final RandomnessSource in;

  Choices(RandomnessSource in) {
    this.in = in;
  }

  /** A number in {@code [0, bound)}; 0 when {@code bound <= 1}. */
  int below(int bound) {
    if (bound <= 1) {
      return 0;
    }
    return (int) in.next(Constraint.between(0, bound - 1));
  }

  /** A number in {@code [min, max]}. */
  int between(int min, int max) {
    return min + below(max - min + 1);
  }

  /** True {@code percent} times out of a hundred (never once the choices run out). */
  boolean percent(int percent) {
    return below(100) >= 100 - percent;
  }

  <T> T oneOf(List<T> options) {
    return options.get(below(options.size()));
  }
}
