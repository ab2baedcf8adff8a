package io.lockstep.sync.sequencer;

import io.lockstep.common.engine.ops.StoredOp;
import java.util.List;

/**
 * Committed ops with {@code from} < v ≤ {@code to}, in order. {@code complete} is false when the
 * oldest of them are no longer retained: a client catching up must then take a snapshot.
 */
public record OpsRange(long from, long to, List<StoredOp> ops, boolean complete) {
  public OpsRange {
    ops = List.copyOf(ops);
  }
}
