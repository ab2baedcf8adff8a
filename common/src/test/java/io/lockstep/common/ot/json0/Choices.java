package io.lockstep.common.ot.json0;

import java.util.List;

/**
 * A sequence of random choices that a generator reads one by one. jqwik generates and shrinks the
 * underlying list of integers; as it shrinks (fewer, smaller numbers), the document and ops built
 * from the choices get simpler. Past the end every choice is 0, which generators treat as the
 * simplest option, so any list builds something.
 */
final class Choices {
  private final List<Integer> values;
  private int next;

  Choices(List<Integer> values) {
    this.values = values;
  }

  /** A number in {@code [0, bound)}; 0 when {@code bound <= 1}. */
  int below(int bound) {
    if (bound <= 1) {
      return 0;
    }
    int value = next < values.size() ? values.get(next++) : 0;
    return Math.floorMod(value, bound);
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
