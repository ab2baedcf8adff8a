package io.lockstep.sync.ws;

import io.lockstep.common.auth.Rights;
import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.LockstepException;

/**
 * Who is on the other end of one connection: the rights of its last accepted token (all rights
 * when auth is off) and the {@code src} it named in {@code hello}. Written by
 * {@link HelloHandler}, read by the handlers that check rights.
 */
final class Session {
  private final boolean authRequired;
  private Rights rights;
  private String src;

  Session(boolean authRequired) {
    this.authRequired = authRequired;
    this.rights = authRequired ? null : Rights.ALL;
  }

  /** The rights to act with now; fails with {@code unauthorized} before hello or once the token expired. */
  Rights rights() {
    if (rights == null) {
      throw new LockstepException(ErrorCode.UNAUTHORIZED, "send hello with a token first");
    }
    if (rights.expired(System.currentTimeMillis())) {
      throw new LockstepException(ErrorCode.UNAUTHORIZED, "token expired; send auth (or hello) with a fresh token");
    }
    return rights;
  }

  void authenticated(Rights granted) {
    rights = granted;
  }

  /** A refused token also ends the rights of the one before it. */
  void refused() {
    rights = authRequired ? null : Rights.ALL;
  }

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
