package io.lockstep.sync.sequencer;

import io.vertx.core.Future;
import java.util.List;

/**
 * Runs the submissions that were waiting for one document when its sequencer's turn came: as
 * many consecutive ones as fit go into one {@link BatchPlan} and one store commit; one that
 * cannot join a batch runs alone through {@link SubmitRequest} in its turn, so the order of each
 * source's ops is kept. Under load this turns N store round trips into one, which is what lets a
 * hot document go faster than one commit latency per op.
 */
final class SubmitBatch {
  private final DocSequencer sequencer;
  private final SequencerContext deps;
  private final List<PendingSubmission> items;

  SubmitBatch(DocSequencer sequencer, SequencerContext deps, List<PendingSubmission> items) {
    this.sequencer = sequencer;
    this.deps = deps;
    this.items = items;
  }

  /** Completes when every submission has been answered; never fails. */
  Future<Void> run() {
    return from(0);
  }

  private Future<Void> from(int first) {
    if (first == items.size()) {
      return Future.succeededFuture();
    }
    if (first == items.size() - 1) {
      // A lone submission (the common case while a document is not busy) takes the single-op path.
      return alone(items.get(first));
    }
    return sequencer.loaded().transform(loaded -> {
      if (loaded.failed()) {
        items.subList(first, items.size()).forEach(item -> item.result().tryFail(loaded.cause()));
        return Future.succeededFuture();
      }
      BatchPlan plan = new BatchPlan(loaded.result(), deps);
      int next = first;
      while (next < items.size() && plan.offer(items.get(next))) {
        next++;
      }
      if (next == first) {
        return alone(items.get(first)).compose(v -> from(first + 1));
      }
      int after = next;
      return plan.commit().compose(whole -> whole
          ? from(after)
          : sequencer.catchUp().transform(ar -> aloneInOrder(plan.offered(), 0)).compose(v -> from(after)));
    });
  }

  private Future<Void> aloneInOrder(List<PendingSubmission> batch, int index) {
    if (index == batch.size()) {
      return Future.succeededFuture();
    }
    return alone(batch.get(index)).compose(v -> aloneInOrder(batch, index + 1));
  }

  private Future<Void> alone(PendingSubmission item) {
    return sequencer.submitAlone(item).transform(ar -> {
      if (ar.succeeded()) {
        item.result().tryComplete(ar.result());
      } else {
        item.result().tryFail(ar.cause());
      }
      return Future.succeededFuture();
    });
  }
}
