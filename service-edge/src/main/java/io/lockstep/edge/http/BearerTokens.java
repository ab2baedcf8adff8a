package io.lockstep.edge.http;

import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.LockstepException;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * Where an HTTP request carries its token: {@code Authorization: Bearer <token>} (the scheme in any
 * case), or else the {@code ?token=} query parameter, for clients that cannot set headers
 * ({@code EventSource}).
 */
public final class BearerTokens {
  private static final String SCHEME = "Bearer ";

  private BearerTokens() {}

  /**
   * The request's token, or null when it carries none.
   *
   * @throws LockstepException {@code bad_request} when the query string is not properly percent-encoded
   */
  public static String of(RoutingContext ctx) {
    Optional<String> fromHeader = inHeader(ctx.request().getHeader("Authorization"));
    if (fromHeader.isPresent()) {
      return fromHeader.get();
    }
    try {
      return ctx.request().getParam("token");
    } catch (IllegalArgumentException e) {
      throw new LockstepException(ErrorCode.BAD_REQUEST, "the query string is not properly percent-encoded");
    }
  }

  /**
   * The token of an {@code Authorization} header value (trimmed; empty for {@code "Bearer "}, which
   * the verifier then refuses), or empty when there is no header or it is of another scheme.
   */
  static Optional<String> inHeader(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      return Optional.empty();
    }
    return Optional.of(authorization.substring(SCHEME.length()).trim());
  }
}
