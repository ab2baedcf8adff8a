package io.lockstep.common.config;

/** The one rule most settings share: a positive integer. */
final class Positive {
  private Positive() {}

  static void check(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }
}
