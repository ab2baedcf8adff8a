package io.lockstep.sync.testing;

import io.lockstep.common.engine.ops.CommitResult;
import io.lockstep.common.engine.ops.ForwardingOpStore;
import io.lockstep.common.engine.ops.OpStore;
import io.lockstep.common.engine.ops.Snapshot;
import io.lockstep.common.engine.ops.StoredOp;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A real op store with a seam for races: while {@link #rivalWins(int, Function)} is armed, each
 * commit is preceded by a rival commit at the same version, as if another node had committed
 * first. The rival op is made by a function of the version it takes, so tests choose what the
 * other node wrote. Everything else passes straight through.
 */
public final class RacingOpStore extends ForwardingOpStore {
  private final AtomicInteger racesLeft = new AtomicInteger();
  private volatile Function<Long, StoredOp> rival;

  public RacingOpStore(OpStore delegate) {
    super(delegate);
  }

  /** The next {@code times} commits each lose a race to {@code rivalAt.apply(version)}. */
  public void rivalWins(int times, Function<Long, StoredOp> rivalAt) {
    rival = rivalAt;
    racesLeft.set(times);
  }

  @Override
  public Future<CommitResult> commitAll(List<StoredOp> ops, Optional<Snapshot> snapshotAfterLast) {
    if (racesLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      return delegate.commit(rival.apply(ops.get(0).v()))
          .compose(won -> delegate.commitAll(ops, snapshotAfterLast));
    }
    return delegate.commitAll(ops, snapshotAfterLast);
  }
}
