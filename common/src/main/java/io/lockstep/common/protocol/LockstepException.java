package io.lockstep.common.protocol;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * A failure that carries a wire {@link ErrorCode}, raised for bad input or an unavailable
 * dependency and reported at the edge as an {@code err} frame, an HTTP status with
 * {@code {"code","msg"}}, or an event-bus failure. The message is meant for the client: say what is
 * wrong without leaking internals.
 *
 * <p>Stackless (no stack trace is captured, suppression disabled): it describes a condition, not a
 * bug, and is cheap enough to create on hot paths. When it wraps an unexpected cause, the cause keeps
 * its own stack trace for the log.
 */
public final class LockstepException extends RuntimeException {
  private final ErrorCode code;
  private final long retryMs;

  /**
   * @param code the wire code, never null
   * @param message human-readable text for the client
   */
  public LockstepException(ErrorCode code, String message) {
    this(code, message, null);
  }

  /**
   * @param code the wire code, never null
   * @param message human-readable text for the client
   * @param cause the underlying failure, logged by the edge; may be null
   */
  public LockstepException(ErrorCode code, String message, Throwable cause) {
    this(code, message, cause, -1);
  }

  private LockstepException(ErrorCode code, String message, Throwable cause, long retryMs) {
    super(message, cause, false, false);
    this.code = Objects.requireNonNull(code, "code");
    this.retryMs = retryMs;
  }

  /**
   * {@code unavailable} because the server sheds load: the same request can succeed after
   * {@code retryMs}, which the client is told ({@code retryMs} in the error frame, {@code Retry-After}
   * over HTTP).
   */
  public static LockstepException shed(String message, long retryMs) {
    return new LockstepException(ErrorCode.UNAVAILABLE, message, null, Math.max(1, retryMs));
  }

  /** How long the client should wait before retrying, when the server said so. */
  public OptionalLong retryMs() {
    return retryMs > 0 ? OptionalLong.of(retryMs) : OptionalLong.empty();
  }

  /** The wire code this failure is reported with. */
  public ErrorCode code() {
    return code;
  }

  @Override
  public String toString() {
    return "LockstepException[" + code.wire() + "]: " + getMessage();
  }
}
