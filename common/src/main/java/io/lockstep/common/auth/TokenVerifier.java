package io.lockstep.common.auth;

import io.vertx.core.Future;

/**
 * Turns a bearer token into the caller's {@link Rights}. With authentication off (no key
 * configured) every token, including none, yields {@link Rights#ALL}.
 */
public interface TokenVerifier {

  /**
   * Verifies {@code token} (may be null). Fails with a
   * {@link io.lockstep.common.protocol.LockstepException} of code {@code unauthorized} when the token
   * is missing, malformed, expired or wrongly signed.
   */
  Future<Rights> verify(String token);

  /** Whether tokens are checked at all. */
  boolean enabled();
}
