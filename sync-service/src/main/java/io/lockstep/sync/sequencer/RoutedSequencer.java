package io.lockstep.sync.sequencer;

import io.lockstep.common.engine.ops.Snapshot;
import io.vertx.core.Future;

/**
 * The sequencer every caller on this node uses: in a cluster each document has one sequencer in
 * the whole cluster, so every call goes through the {@link Routing} (set by the cluster wiring),
 * which runs it on {@link #local()} when this node owns the document and forwards it to the owner
 * otherwise. Without a routing (no cluster) every call runs locally.
 */
public final class RoutedSequencer implements Sequencer {
  private final LocalSequencers local;
  private volatile Routing routing;

  public RoutedSequencer(LocalSequencers local) {
    this.local = local;
  }

  /** Routes every later call through {@code routing} (to the document's owner in the cluster). */
  public void routeWith(Routing routing) {
    this.routing = routing;
  }

  /** This node's sequencers, whoever owns the document: for calls forwarded here by another node. */
  public LocalSequencers local() {
    return local;
  }

  @Override
  public Future<Long> submit(SubmittedOp op) {
    return route(new RoutedCall.Submit(op));
  }

  @Override
  public Future<Snapshot> snapshot(String doc) {
    return route(new RoutedCall.ReadSnapshot(doc));
  }

  @Override
  public Future<Long> version(String doc) {
    return route(new RoutedCall.ReadVersion(doc));
  }

  @Override
  public Future<OpsRange> ops(String doc, long from, long to) {
    return route(new RoutedCall.ReadOps(doc, from, to));
  }

  private <T> Future<T> route(RoutedCall<T> call) {
    Routing current = routing;
    return current == null ? call.runOn(local) : current.route(call);
  }
}
