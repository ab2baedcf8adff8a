package io.lockstep.common.protocol;

/**
 * The error vocabulary of PROTOCOL.md: the code sent on the wire, the HTTP status it maps to, and
 * whether the client may retry the same request later ({@code temporary}).
 */
public enum ErrorCode {
  BAD_REQUEST("bad_request", 400, false),
  UNAUTHORIZED("unauthorized", 401, false),
  FORBIDDEN("forbidden", 403, false),
  NOT_FOUND("not_found", 404, false),
  CONFLICT("conflict", 409, false),
  INVALID_OP("invalid_op", 422, false),
  VERSION_AHEAD("version_ahead", 400, false),
  TOO_LARGE("too_large", 413, false),
  RATE_LIMITED("rate_limited", 429, true),
  UNAVAILABLE("unavailable", 503, true),
  INTERNAL("internal", 500, false);

  private final String wire;
  private final int httpStatus;
  private final boolean temporary;

  ErrorCode(String wire, int httpStatus, boolean temporary) {
    this.wire = wire;
    this.httpStatus = httpStatus;
    this.temporary = temporary;
  }

  /** The code as it appears in {@code err} frames and HTTP error bodies. */
  public String wire() {
    return wire;
  }

  /** The HTTP status an HTTP edge answers with. */
  public int httpStatus() {
    return httpStatus;
  }

  /** Whether retrying the same request later may succeed. */
  public boolean temporary() {
    return temporary;
  }
}
