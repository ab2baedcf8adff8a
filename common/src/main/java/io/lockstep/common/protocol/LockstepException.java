package io.lockstep.common.protocol;

/**
 * A failure the client is told about, with its {@link ErrorCode}. Stackless: these are expected
 * outcomes of bad input or refused access, not bugs, so capturing a stack trace would only cost time.
 */
public final class LockstepException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  public LockstepException(ErrorCode code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }
}
