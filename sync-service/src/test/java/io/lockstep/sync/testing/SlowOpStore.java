package io.lockstep.sync.testing;

import io.lockstep.common.engine.ops.CommitResult;
import io.lockstep.common.engine.ops.ForwardingOpStore;
import io.lockstep.common.engine.ops.OpStore;
import io.lockstep.common.engine.ops.Snapshot;
import io.lockstep.common.engine.ops.StoredOp;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Optional;

/** A real op store whose every commit takes {@code delayMs} longer: a document with a known, small capacity. */
public final class SlowOpStore extends ForwardingOpStore {
  private final Vertx vertx;
  private final long delayMs;

  public SlowOpStore(Vertx vertx, OpStore delegate, long delayMs) {
    super(delegate);
    this.vertx = vertx;
    this.delayMs = delayMs;
  }

  @Override
  public Future<CommitResult> commitAll(List<StoredOp> ops, Optional<Snapshot> snapshotAfterLast) {
    Promise<Void> later = Promise.promise();
    vertx.setTimer(delayMs, id -> later.complete());
    return later.future().compose(v -> delegate.commitAll(ops, snapshotAfterLast));
  }
}
