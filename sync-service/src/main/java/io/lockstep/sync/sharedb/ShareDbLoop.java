package io.lockstep.sync.sharedb;

import io.lockstep.edge.ws.LoopFlusher;
import io.vertx.core.Vertx;

/**
 * What the ShareDB connections of one event loop share: the backend (with that loop's document
 * fan-outs), the presence channels, the op encoder and the flusher that writes each connection's
 * messages of a loop turn at once. Touched only on that loop.
 */
record ShareDbLoop(ShareDbBackend backend, PresenceHub presence, OpMessages opMessages, LoopFlusher flusher) {

  /** Call on the loop's context. */
  static ShareDbLoop create(ShareDbBackend backend) {
    return new ShareDbLoop(backend, new PresenceHub(backend), new OpMessages(), new LoopFlusher(Vertx.currentContext()));
  }
}
