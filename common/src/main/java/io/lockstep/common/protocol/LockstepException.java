package io.lockstep.common.protocol;

import java.util.Objects;

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
    super(message, cause, false, false);
    this.code = Objects.requireNonNull(code, "code");
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
