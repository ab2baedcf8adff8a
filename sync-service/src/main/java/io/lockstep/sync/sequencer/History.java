package io.lockstep.sync.sequencer;

import java.util.List;

/**
 * The committed ops after some base version, as far as a sequencer can still tell: from its
 * memory ({@link DocState#since}) or from the store ({@link DocSequencer#history}).
 */
sealed interface History permits History.Kept, History.Trimmed {

  /**
   * Every committed op after the base, oldest first (empty when the base is the current version).
   * Not copied: the builders hand over a list of their own, and it is read once per plan.
   */
  record Kept(List<RecentOp> ops) implements History {}

  /** Some of the ops right after the base are no longer kept: an op made against it cannot be rebased. */
  record Trimmed() implements History {}

  History TRIMMED = new Trimmed();
}
