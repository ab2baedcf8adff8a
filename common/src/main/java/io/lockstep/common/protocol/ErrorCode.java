package io.lockstep.common.protocol;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The error vocabulary of the wire contract (PROTOCOL.md, "err" frames and HTTP error bodies), with
 * the HTTP status each code maps to and whether the condition is temporary.
 *
 * <p>The wire names are part of protocol version 1 and never change. The HTTP statuses are ours to
 * choose and are documented here:
 *
 * <table>
 *   <caption>codes</caption>
 *   <tr><th>wire</th><th>HTTP</th><th>temporary</th><th>meaning</th></tr>
 *   <tr><td>bad_request</td><td>400</td><td>no</td><td>malformed frame, field or id</td></tr>
 *   <tr><td>unauthorized</td><td>401</td><td>no</td><td>no token, or a bad one</td></tr>
 *   <tr><td>forbidden</td><td>403</td><td>no</td><td>the token lacks the right</td></tr>
 *   <tr><td>not_found</td><td>404</td><td>no</td><td>the document (or other target) does not exist</td></tr>
 *   <tr><td>conflict</td><td>409</td><td>no</td><td>e.g. creating a document that exists</td></tr>
 *   <tr><td>invalid_op</td><td>422</td><td>no</td><td>the op does not apply to the document</td></tr>
 *   <tr><td>version_ahead</td><td>400</td><td>no</td><td>the op's base version is newer than the document;
 *       a client bug, not a state conflict, hence 400 rather than 409</td></tr>
 *   <tr><td>too_large</td><td>413</td><td>no</td><td>frame, op or document over a configured limit</td></tr>
 *   <tr><td>rate_limited</td><td>429</td><td>yes</td><td>slow down and retry</td></tr>
 *   <tr><td>unavailable</td><td>503</td><td>yes</td><td>store or broker down; retry later</td></tr>
 *   <tr><td>internal</td><td>500</td><td>no</td><td>a bug on the server</td></tr>
 * </table>
 *
 * <p>A temporary code tells the client that the same request may succeed when retried later
 * unchanged; any other code means retrying the same request is pointless.
 */
public enum ErrorCode {
  /** Malformed frame or field (HTTP 400). */
  BAD_REQUEST("bad_request", 400, false),
  /** No or bad token (HTTP 401). */
  UNAUTHORIZED("unauthorized", 401, false),
  /** The token lacks the right (HTTP 403). */
  FORBIDDEN("forbidden", 403, false),
  /** The target does not exist (HTTP 404). */
  NOT_FOUND("not_found", 404, false),
  /** The request conflicts with the current state, e.g. creating an existing document (HTTP 409). */
  CONFLICT("conflict", 409, false),
  /** The op does not apply to the document (HTTP 422). */
  INVALID_OP("invalid_op", 422, false),
  /** The op's base version is greater than the document's (HTTP 400). */
  VERSION_AHEAD("version_ahead", 400, false),
  /** Something exceeds a configured size limit (HTTP 413). */
  TOO_LARGE("too_large", 413, false),
  /** The client sends too fast (HTTP 429); temporary. */
  RATE_LIMITED("rate_limited", 429, true),
  /** A store or broker is down (HTTP 503); temporary, the client retries. */
  UNAVAILABLE("unavailable", 503, true),
  /** A bug on the server (HTTP 500). */
  INTERNAL("internal", 500, false);

  private static final Map<String, ErrorCode> BY_WIRE =
      Stream.of(values()).collect(Collectors.toUnmodifiableMap(ErrorCode::wire, Function.identity()));

  private final String wire;
  private final int httpStatus;
  private final boolean temporary;

  ErrorCode(String wire, int httpStatus, boolean temporary) {
    this.wire = wire;
    this.httpStatus = httpStatus;
    this.temporary = temporary;
  }

  /** The name used in {@code err} frames and HTTP error bodies, e.g. {@code "bad_request"}. */
  public String wire() {
    return wire;
  }

  /** The HTTP status this code is reported with over HTTP. */
  public int httpStatus() {
    return httpStatus;
  }

  /** Whether the same request may succeed if retried later unchanged. */
  public boolean temporary() {
    return temporary;
  }

  /**
   * The code whose wire name is exactly {@code wire} (case-sensitive), or empty when there is none
   * (including for {@code null}); never throws.
   */
  public static Optional<ErrorCode> fromWire(String wire) {
    return wire == null ? Optional.empty() : Optional.ofNullable(BY_WIRE.get(wire));
  }
}
