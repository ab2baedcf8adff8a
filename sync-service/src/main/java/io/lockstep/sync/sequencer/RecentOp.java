package io.lockstep.sync.sequencer;

import io.lockstep.common.engine.ops.StoredOp;

/**
 * A committed op kept in memory with its parsed form, so rebasing a submitted op over recent
 * history parses nothing. {@code parsed} is null for a creation or deletion.
 */
record RecentOp(StoredOp stored, Object parsed) {
  long v() {
    return stored.v();
  }
}
