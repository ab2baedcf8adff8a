package io.lockstep.sync.ws;

import io.lockstep.edge.ws.CloseCodes;
import io.lockstep.edge.ws.FlushingOutbound;
import io.vertx.core.Future;
import io.vertx.core.Promise;

/**
 * A connection's graceful stop: counts the ops sent to the sequencer and not answered yet, and
 * once the server is stopping closes the socket when the last one is answered, so no client loses
 * the answer to an op the server took.
 */
final class ShutdownDrain {
  private final FlushingOutbound out;
  private int inFlight;
  private boolean draining;
  private Promise<Void> drained;

  ShutdownDrain(FlushingOutbound out) {
    this.out = out;
  }

  boolean draining() {
    return draining;
  }

  void started() {
    inFlight++;
  }

  void finished() {
    inFlight--;
    if (draining && inFlight == 0) {
      closeNow();
    }
  }

  /** Stops taking requests; completes once every op in flight was answered and the socket closed. */
  Future<Void> drain() {
    draining = true;
    drained = Promise.promise();
    if (inFlight == 0) {
      closeNow();
    }
    return drained.future();
  }

  /** The socket closed (by either side). */
  void closed() {
    if (drained != null) {
      drained.tryComplete();
    }
  }

  private void closeNow() {
    out.close(CloseCodes.GOING_AWAY, "server shutting down");
    drained.tryComplete();
  }
}
