package io.lockstep.sync.sequencer;

import io.lockstep.common.engine.ops.StoredOp;
import io.lockstep.common.ot.OtType;
import io.lockstep.common.ot.Side;
import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.LockstepException;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * Rebases a submitted op over the ops committed after its base version: the I/O-free heart of
 * the sequencer. The history is an argument, so tests need no store and no Vert.x.
 *
 * <p>Tie-break (PROTOCOL.md): the submitted op is transformed as {@link Side#LEFT} over each
 * committed op, which is what clients assume when they transform their pending ops.
 */
final class Rebase {
  private Rebase() {}

  /** What rebasing found. */
  sealed interface Outcome permits Rebased, AlreadyCommitted {}

  /** The op, rewritten to apply at the end of the history. */
  record Rebased(Object op) implements Outcome {}

  /** The history already holds this (src, seq): a resubmission, to be acked with the original version. */
  record AlreadyCommitted(long v) implements Outcome {}

  static Outcome over(OtType<Object, Object> type, Object op, String src, long seq, List<RecentOp> history) {
    for (int i = 0; i < history.size(); i++) {
      RecentOp committed = history.get(i);
      StoredOp stored = committed.stored();
      if (src != null && src.equals(stored.src()) && seq == stored.seq()) {
        return new AlreadyCommitted(stored.v());
      }
      if (committed.parsed() == null) {
        // The document was created or deleted after the op's base: the op was made against
        // a document that no longer exists in that form, so no transform can save it.
        throw new LockstepException(ErrorCode.CONFLICT,
            "the document was re-created at version " + stored.v() + ", after the op's base version");
      }
    }
    // All at once: a type rebases a keystroke over a run of keystrokes far cheaper than step by step.
    return new Rebased(type.transformOver(op, new ParsedOps(history), Side.LEFT));
  }

  /** The parsed ops of a run of history, without copying them out. */
  private static final class ParsedOps extends AbstractList<Object> implements RandomAccess {
    private final List<RecentOp> history;

    ParsedOps(List<RecentOp> history) {
      this.history = history;
    }

    @Override
    public Object get(int index) {
      return history.get(index).parsed();
    }

    @Override
    public int size() {
      return history.size();
    }
  }
}
