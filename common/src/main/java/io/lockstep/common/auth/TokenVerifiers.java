package io.lockstep.common.auth;

import io.lockstep.common.config.AuthConfig;
import io.lockstep.common.config.ConfigException;
import io.vertx.core.Vertx;

/** Picks the {@link TokenVerifier} an {@link AuthConfig} asks for. */
public final class TokenVerifiers {

  private TokenVerifiers() {}

  /**
   * A {@link JwtTokenVerifier} when a secret or public key is configured, otherwise an
   * {@link OpenTokenVerifier}. The result is safe to share between event loops.
   *
   * @throws ConfigException when the configured key cannot be used (for example a PEM that does not
   *     parse, or a key that does not fit the algorithm)
   */
  public static TokenVerifier create(Vertx vertx, AuthConfig auth) {
    if (auth == null || !auth.enabled()) {
      return new OpenTokenVerifier();
    }
    return JwtTokenVerifier.create(vertx, auth);
  }
}
