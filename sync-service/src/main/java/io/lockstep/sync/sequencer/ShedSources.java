package io.lockstep.sync.sequencer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sources whose op one document shed ({@code unavailable}), each with the seq of that op. A
 * later op of such a source is shed too, until the shed one is resent: committing a later seq first
 * would make the store take the resent op for an old duplicate and never commit it. Bounded: past
 * {@link #MAX} sources the longest-standing is forgotten (most likely a client that went away).
 * Touched only on the document's sequencer context.
 */
final class ShedSources {
  static final int MAX = 1_024;

  private final Map<String, Long> shedSeq = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
      return size() > MAX;
    }
  };

  /**
   * Whether {@code op} must be shed because an earlier op of its source was. An op at or before the
   * shed seq (the resend) clears the mark, and is admitted or not on its own.
   */
  boolean mustFollow(SubmittedOp op) {
    if (op.src() == null || shedSeq.isEmpty()) {
      return false;
    }
    Long shed = shedSeq.get(op.src());
    if (shed == null) {
      return false;
    }
    if (op.seq() > shed) {
      return true;
    }
    shedSeq.remove(op.src());
    return false;
  }

  /** Notes that {@code op} was shed (the first shed op of its source counts). */
  void shed(SubmittedOp op) {
    if (op.src() != null) {
      shedSeq.putIfAbsent(op.src(), op.seq());
    }
  }
}
