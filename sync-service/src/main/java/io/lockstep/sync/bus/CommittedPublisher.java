package io.lockstep.sync.bus;

import io.lockstep.common.bus.Addresses;
import io.lockstep.common.engine.ops.CommitResult;
import io.lockstep.common.engine.ops.ForwardingOpStore;
import io.lockstep.common.engine.ops.OpStore;
import io.lockstep.common.engine.ops.Snapshot;
import io.lockstep.common.engine.ops.StoredOp;
import io.lockstep.common.engine.ops.StoredOpCodec;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import java.util.List;
import java.util.Optional;

/**
 * An {@link OpStore} that publishes every op it commits on {@link Addresses#SYNC_COMMITTED}, as the
 * op frame clients receive. Wrapping the store makes "once per committed op, by the node that
 * committed it" hold by construction: exactly one commit call returns {@code Committed} for each
 * version, and that call's node publishes. Conflicts and duplicates publish nothing.
 *
 * <p>Order: the publish happens when the commit's result arrives, before the sequencer learns of
 * it, so one node publishes a document's ops in version order. While ownership of a document moves
 * between nodes two nodes may commit its ops, and their publishes may interleave out of order.
 *
 * <p>A commit whose future fails after the store did commit (a lost Redis reply) is not published;
 * the op still reaches clients through the broker.
 */
public final class CommittedPublisher extends ForwardingOpStore {
  private final EventBus bus;

  public CommittedPublisher(EventBus bus, OpStore store) {
    super(store);
    this.bus = bus;
  }

  @Override
  public Future<CommitResult> commitAll(List<StoredOp> ops, Optional<Snapshot> snapshotAfterLast) {
    return delegate.commitAll(ops, snapshotAfterLast).onSuccess(result -> {
      if (result instanceof CommitResult.Committed) {
        for (StoredOp op : ops) {
          bus.publish(Addresses.SYNC_COMMITTED, StoredOpCodec.toFrame(op));
        }
      }
    });
  }
}
