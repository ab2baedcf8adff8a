package io.lockstep.sync.sequencer;

import io.vertx.core.Future;

/**
 * Where {@link RoutedSequencer} sends each call: to the node that owns the document. Without one
 * (no cluster) every document is sequenced on this node. Implemented by the cluster's forwarder.
 */
public interface Routing {

  /**
   * Runs {@code call} on the sequencer of its document's owner (this node's
   * {@link LocalSequencers} when it is the owner) and completes on the caller's context.
   */
  <T> Future<T> route(RoutedCall<T> call);
}
