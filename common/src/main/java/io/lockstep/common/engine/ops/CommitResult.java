package io.lockstep.common.engine.ops;

import java.util.OptionalLong;

/**
 * The normal outcomes of {@link OpStore#commit}. Failures (store unreachable, bad arguments) are a
 * failed future instead, never one of these.
 */
public sealed interface CommitResult permits CommitResult.Committed, CommitResult.VersionConflict, CommitResult.Duplicate,
    CommitResult.ForeignSource {

  /**
   * The op was appended as version {@code v} and published.
   *
   * @param v the committed version, at least 1
   */
  record Committed(long v) implements CommitResult {
    /** @throws IllegalArgumentException when {@code v < 1} */
    public Committed {
      if (v < 1) {
        throw new IllegalArgumentException("committed version must be >= 1, got " + v);
      }
    }
  }

  /**
   * Nothing was written: the document is at {@code current}, not at the op's version minus one. The
   * caller reads the ops after its base version, transforms its op over them, and retries.
   *
   * @param current the document's version at the time of the check, at least 0
   */
  record VersionConflict(long current) implements CommitResult {
    /** @throws IllegalArgumentException when {@code current < 0} */
    public VersionConflict {
      if (current < 0) {
        throw new IllegalArgumentException("current version must be >= 0, got " + current);
      }
    }
  }

  /**
   * Nothing was written: this ({@code src}, {@code seq}) was already committed to this document.
   * {@code originalV} is the version it was first committed as, which the caller acks with; it is
   * empty when the op is known to be superseded (its {@code seq} is lower than the last one committed
   * for that {@code src}) but its entry is no longer in the retained log.
   *
   * @param originalV the version the op was first committed as, when still known
   */
  record Duplicate(OptionalLong originalV) implements CommitResult {
    /** @throws IllegalArgumentException when {@code originalV} holds a version below 1 */
    public Duplicate {
      if (originalV.isPresent() && originalV.getAsLong() < 1) {
        throw new IllegalArgumentException("original version must be >= 1, got " + originalV.getAsLong());
      }
    }

    /** A duplicate first committed as version {@code originalV}. */
    public Duplicate(long originalV) {
      this(OptionalLong.of(originalV));
    }

    /** A duplicate whose original version is no longer retained. */
    public static Duplicate forgotten() {
      return new Duplicate(OptionalLong.empty());
    }
  }

  /**
   * Nothing was written: an op's {@code src} is bound on this document to another owner (the
   * {@code sub} that first committed with it), so it is not this submitter's to use.
   */
  record ForeignSource(String src) implements CommitResult {}
}
