package io.lockstep.sync.history;

import io.lockstep.common.engine.ops.OpStore;
import io.lockstep.common.engine.ops.Snapshot;
import io.lockstep.common.engine.ops.StoredOp;
import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.LockstepException;
import io.lockstep.sync.sequencer.OpsRange;
import io.lockstep.sync.sequencer.Sequencer;
import io.vertx.core.Future;
import java.util.List;

/**
 * A document as it was at an earlier version or time, for every API ({@code GET /docs/{doc}?v=N},
 * the {@code /sync} {@code snap} frame, ShareDB's {@code fetchSnapshot}). Rebuilt from the latest
 * stored snapshot when it is not newer than the version asked for, and otherwise from the start of
 * the retained log (version 1, or the last creation or deletion in it), plus the ops up to the
 * version. A version older than what the log retains fails with {@code not_found}.
 */
public final class SnapshotHistory {
  private final Sequencer docs;
  private final OpStore store;

  public SnapshotHistory(Sequencer docs, OpStore store) {
    this.docs = docs;
    this.store = store;
  }

  /** The document at version {@code v}; {@code version_ahead} past its current version. */
  public Future<Snapshot> at(String doc, long v) {
    return docs.snapshot(doc).compose(current -> {
      if (v > current.v()) {
        return Future.failedFuture(new LockstepException(ErrorCode.VERSION_AHEAD,
            "version " + v + " is ahead of the document's version " + current.v()));
      }
      if (v == current.v()) {
        return Future.succeededFuture(current);
      }
      return rebuild(doc, v);
    });
  }

  /**
   * The document as it was at {@code ts} (epoch ms): at the version of the last op committed at or
   * before it (version 0, not existing, when the document is younger).
   */
  public Future<Snapshot> atTime(String doc, long ts) {
    return docs.ops(doc, 0, Long.MAX_VALUE).compose(range -> {
      List<StoredOp> ops = range.ops();
      int last = -1;
      while (last + 1 < ops.size() && ops.get(last + 1).ts() <= ts) {
        last++;
      }
      if (last >= 0) {
        return at(doc, ops.get(last).v());
      }
      if (range.complete() || range.to() == 0) {
        return Future.succeededFuture(Snapshot.missing(doc));
      }
      return Future.failedFuture(trimmed(doc, ops.get(0).v()));
    });
  }

  private Future<Snapshot> rebuild(String doc, long v) {
    return store.snapshot(doc).compose(stored -> {
      if (stored.v() <= v) {
        return docs.ops(doc, stored.v(), v).map(range -> {
          requireComplete(doc, range);
          return SnapshotRebuild.at(stored, range.ops(), v);
        });
      }
      return docs.ops(doc, 0, v).map(range -> fromLog(doc, range, v));
    });
  }

  private static Snapshot fromLog(String doc, OpsRange range, long v) {
    List<StoredOp> ops = range.ops();
    if (range.complete()) {
      return SnapshotRebuild.at(Snapshot.missing(doc), ops, v);
    }
    int restart = SnapshotRebuild.restartIndex(ops, v);
    if (restart < 0) {
      throw trimmed(doc, ops.isEmpty() ? v : ops.get(0).v());
    }
    StoredOp reset = ops.get(restart);
    Snapshot base = reset.del()
        ? Snapshot.deleted(doc, reset.v())
        : new Snapshot(doc, reset.v(), reset.create().type(), reset.create().data());
    return SnapshotRebuild.at(base, ops.subList(restart + 1, ops.size()), v);
  }

  private static void requireComplete(String doc, OpsRange range) {
    if (!range.complete()) {
      throw trimmed(doc, range.ops().isEmpty() ? range.to() : range.ops().get(0).v());
    }
  }

  private static LockstepException trimmed(String doc, long oldestKept) {
    return new LockstepException(ErrorCode.NOT_FOUND, "history of " + doc + " before version " + oldestKept
        + " is no longer kept");
  }
}
