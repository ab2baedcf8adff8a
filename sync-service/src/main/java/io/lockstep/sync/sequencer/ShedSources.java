package io.lockstep.sync.sequencer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sources whose op one document shed ({@code unavailable}), each with the seq of that op. A
 * later op of such a source is shed too, until the shed one is resent: committing a later seq first
 * would make the store take the resent op for an old duplicate and never commit it.
 *
 * <p>A mark goes when the shed op (or a later one of its source) turns out committed: a resend of
 * an op that had already committed can be shed, and its client, seeing its op in the stream, moves
 * on to the next seq (found by the fault suite: without this that client was refused for good). A
 * mark also lapses after {@link #LAPSE_NANOS}, long past every retry hint, so that no state this
 * node missed can hold a source back for ever. Bounded: past {@link #MAX} sources the
 * longest-standing is forgotten (most likely a client that went away). Touched only on the
 * document's sequencer context.
 */
final class ShedSources {
  static final int MAX = 1_024;
  static final long LAPSE_NANOS = 4 * Admission.MAX_RETRY_MS * 1_000_000L;

  /** Whether the document's known history holds an op of {@code src} with a seq of at least {@code seq}. */
  interface Committed {
    boolean from(String src, long seq);
  }

  private record Mark(long seq, long atNanos) {}

  private final Map<String, Mark> shedSeq = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Mark> eldest) {
      return size() > MAX;
    }
  };

  /**
   * Whether {@code op} must be shed because an earlier op of its source was. An op at or before the
   * shed seq (the resend) clears the mark, and is admitted or not on its own.
   */
  boolean mustFollow(SubmittedOp op, Committed committed, long nowNanos) {
    if (op.src() == null || shedSeq.isEmpty()) {
      return false;
    }
    Mark shed = shedSeq.get(op.src());
    if (shed == null) {
      return false;
    }
    if (op.seq() > shed.seq() && nowNanos - shed.atNanos() < LAPSE_NANOS && !committed.from(op.src(), shed.seq())) {
      return true;
    }
    shedSeq.remove(op.src());
    return false;
  }

  /** Notes that {@code op} was shed (the first shed op of its source counts). */
  void shed(SubmittedOp op, long nowNanos) {
    if (op.src() != null) {
      shedSeq.putIfAbsent(op.src(), new Mark(op.seq(), nowNanos));
    }
  }
}
