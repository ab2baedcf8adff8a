package io.lockstep.sync.testing;

import io.lockstep.common.engine.ops.CommitResult;
import io.lockstep.common.engine.ops.ForwardingOpStore;
import io.lockstep.common.engine.ops.OpStore;
import io.lockstep.common.engine.ops.Snapshot;
import io.lockstep.common.engine.ops.StoredOp;
import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.LockstepException;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real op store with the faults of a store reached over a network (issue 14): the next commit
 * call can fail after the store applied it (the connection cut while the reply was on its way) or
 * before (cut on the way there), the next version reads can fail (a Redis still loading its data
 * after a restart), and the whole store can be swapped for another, as a Redis that restarted
 * without its data or failed over to a replica that lacked the latest commits.
 */
public final class FaultyOpStore extends ForwardingOpStore {
  /** What happens to the next commit call. */
  public enum NextCommit { NORMAL, CUT_AFTER_APPLYING, CUT_BEFORE_APPLYING }

  private final AtomicReference<NextCommit> next = new AtomicReference<>(NextCommit.NORMAL);
  private final AtomicInteger failingVersionReads = new AtomicInteger();
  private volatile OpStore current;

  public FaultyOpStore(OpStore delegate) {
    super(delegate);
    current = delegate;
  }

  public void nextCommit(NextCommit fault) {
    next.set(fault);
  }

  /** The next {@code count} version reads fail with {@code unavailable}. */
  public void failNextVersionReads(int count) {
    failingVersionReads.set(count);
  }

  /** How many of those failures are still to come. */
  public int failingVersionReadsLeft() {
    return failingVersionReads.get();
  }

  /** From now on every call goes to {@code replacement}. */
  public void replaceStore(OpStore replacement) {
    current = replacement;
  }

  @Override
  public Future<CommitResult> commitAll(List<StoredOp> ops, Optional<Snapshot> snapshotAfterLast) {
    return switch (next.getAndSet(NextCommit.NORMAL)) {
      case NORMAL -> current.commitAll(ops, snapshotAfterLast);
      case CUT_BEFORE_APPLYING -> Future.failedFuture(cut());
      case CUT_AFTER_APPLYING -> current.commitAll(ops, snapshotAfterLast).transform(ar -> Future.failedFuture(cut()));
    };
  }

  private static LockstepException cut() {
    return new LockstepException(ErrorCode.UNAVAILABLE, "store unavailable: connection reset");
  }

  @Override
  public Future<Snapshot> snapshot(String doc) {
    return current.snapshot(doc);
  }

  @Override
  public Future<Long> version(String doc) {
    if (failingVersionReads.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      return Future.failedFuture(new LockstepException(ErrorCode.UNAVAILABLE, "store unavailable: LOADING"));
    }
    return current.version(doc);
  }

  @Override
  public Future<List<StoredOp>> ops(String doc, long from, long to) {
    return current.ops(doc, from, to);
  }

  @Override
  public Future<Optional<Long>> committedVersion(String doc, String src, long seq) {
    return current.committedVersion(doc, src, seq);
  }
}
