package io.lockstep.sync.testing;

import io.lockstep.common.engine.ops.CommitResult;
import io.lockstep.common.engine.ops.ForwardingOpStore;
import io.lockstep.common.engine.ops.OpStore;
import io.lockstep.common.engine.ops.Snapshot;
import io.lockstep.common.engine.ops.StoredOp;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.List;
import java.util.Optional;

/** A real op store whose commits wait, while closed, until {@link #open()}: a seam to hold a queue full. */
public final class GatedOpStore extends ForwardingOpStore {
  private volatile Promise<Void> gate = Promise.promise();

  public GatedOpStore(OpStore delegate) {
    super(delegate);
    gate.complete();
  }

  public void close() {
    gate = Promise.promise();
  }

  public void open() {
    gate.tryComplete();
  }

  @Override
  public Future<CommitResult> commitAll(List<StoredOp> ops, Optional<Snapshot> snapshotAfterLast) {
    return gate.future().compose(v -> delegate.commitAll(ops, snapshotAfterLast));
  }
}
