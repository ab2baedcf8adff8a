package io.lockstep.edge.http;

import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.LockstepException;
import io.vertx.ext.web.RoutingContext;

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
    String header = ctx.request().getHeader("Authorization");
    if (header != null && header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      return header.substring(SCHEME.length()).trim();
    }
    try {
      return ctx.request().getParam("token");
    } catch (IllegalArgumentException e) {
      throw new LockstepException(ErrorCode.BAD_REQUEST, "the query string is not properly percent-encoded");
    }
  }
}
