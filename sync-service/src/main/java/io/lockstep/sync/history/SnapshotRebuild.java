package io.lockstep.sync.history;

import io.lockstep.common.engine.ops.Snapshot;
import io.lockstep.common.engine.ops.StoredOp;
import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.LockstepException;
import io.lockstep.sync.sequencer.TypedSnapshots;
import java.util.List;

/**
 * Replays committed ops onto an older snapshot to get the document at a later version. I/O-free:
 * the caller fetches the base snapshot and the ops. Creations and deletions in the ops reset the
 * state, so a base before a deletion and re-creation still lands on the right content. OT types
 * and {@code crdt} documents alike.
 */
public final class SnapshotRebuild {
  private SnapshotRebuild() {}

  /**
   * The document at {@code target}, from {@code base} and the ops right after it.
   *
   * @param ops consecutive ops starting at {@code base.v() + 1}, at least up to {@code target}
   * @throws LockstepException {@code internal} when the ops do not continue the base without a gap,
   *     or an op no longer applies (a corrupted log: never expected)
   */
  public static Snapshot at(Snapshot base, List<StoredOp> ops, long target) {
    String doc = base.doc();
    long v = base.v();
    String typeName = base.type();
    Object state = typeName == null ? null : TypedSnapshots.read(typeName, base.data(), v);
    for (StoredOp op : ops) {
      if (op.v() > target) {
        break;
      }
      if (op.v() != v + 1) {
        throw new LockstepException(ErrorCode.INTERNAL, "doc " + doc + ": op " + op.v() + " does not follow " + v);
      }
      if (op.create() != null) {
        typeName = op.create().type();
        state = TypedSnapshots.created(typeName, op.create().data(), op.v());
      } else if (op.del()) {
        typeName = null;
        state = null;
      } else {
        if (typeName == null) {
          throw new LockstepException(ErrorCode.INTERNAL, "doc " + doc + ": edit at " + op.v() + " of a missing document");
        }
        state = TypedSnapshots.applyCommitted(typeName, state, TypedSnapshots.parseCommitted(typeName, op.op()), op.v(), op.src());
      }
      v = op.v();
    }
    if (v != target) {
      throw new LockstepException(ErrorCode.INTERNAL, "doc " + doc + ": ops end at " + v + ", not at " + target);
    }
    return new Snapshot(doc, v, typeName, typeName == null ? null : TypedSnapshots.write(typeName, state));
  }

  /**
   * Where a replay up to {@code target} can start within a retained suffix of the log that does not
   * reach back to version 1: right at the last creation or deletion at or before {@code target}.
   * Returns -1 when there is none (the state before the suffix is unknown).
   */
  public static int restartIndex(List<StoredOp> ops, long target) {
    int found = -1;
    for (int i = 0; i < ops.size() && ops.get(i).v() <= target; i++) {
      StoredOp op = ops.get(i);
      if (op.create() != null || op.del()) {
        found = i;
      }
    }
    return found;
  }
}
