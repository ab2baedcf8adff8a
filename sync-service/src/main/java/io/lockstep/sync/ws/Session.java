package io.lockstep.sync.ws;

import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.LockstepException;

/**
 * The {@code src} one connection named in {@code hello} (its rights are its
 * {@link io.lockstep.edge.ws.ConnectionToken}'s). Written by {@link HelloHandler}, read by
 * {@link SubmitHandler}.
 */
final class Session {
  private String src;

  /** The connection's {@code src}, or null when hello named none. */
  String src() {
    return src;
  }

  void named(String newSrc) {
    src = newSrc;
  }

  static void require(boolean allowed, String right, String doc) {
    if (!allowed) {
      throw new LockstepException(ErrorCode.FORBIDDEN, "token has no " + right + " right on " + doc);
    }
  }
}
