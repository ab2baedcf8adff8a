package io.lockstep.sync.convergence;

/**
 * The seed of a randomized test: {@code -Dlockstep.seed=<n>} replays a run, {@code -Dlockstep.seed=random}
 * draws a new one, and without the property each test uses its own fixed seed. Tests print the
 * seed and name it in every failure.
 */
final class Seeds {
  private Seeds() {}

  static long seed(long fixed) {
    String property = System.getProperty("lockstep.seed");
    if (property == null || property.isBlank()) {
      return fixed;
    }
    if (property.equals("random")) {
      return System.nanoTime();
    }
    return Long.parseLong(property.trim());
  }

  /** {@code failure} with the seed that replays it in front. */
  static AssertionError withSeed(long seed, Throwable failure) {
    return new AssertionError("failed with seed " + seed + " (replay: -Dlockstep.seed=" + seed + "): "
        + failure.getMessage(), failure);
  }
}
