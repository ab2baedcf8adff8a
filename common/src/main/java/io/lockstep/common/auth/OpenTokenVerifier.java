package io.lockstep.common.auth;

import io.vertx.core.Future;

/**
 * Development mode: no key is configured, so every caller, with any token or none, gets
 * {@link Rights#ALL}. The launcher warns loudly when it runs with this verifier.
 */
public final class OpenTokenVerifier implements TokenVerifier {

  private static final Future<Rights> ALL = Future.succeededFuture(Rights.ALL);

  /** Always succeeds with {@link Rights#ALL}; the token is not looked at. */
  @Override
  public Future<Rights> verify(String token) {
    return ALL;
  }

  /** Always false: nothing is checked. */
  @Override
  public boolean enabled() {
    return false;
  }

  @Override
  public String toString() {
    return "authentication off (every request allowed)";
  }
}
