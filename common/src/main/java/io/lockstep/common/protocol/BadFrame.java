package io.lockstep.common.protocol;

/**
 * A client frame that cannot be handled, to be answered with an error frame: the request id to
 * echo (null when the frame had none or it was unusable), the document or room it was about
 * (null when unknown), and the error code. No stack trace: bad input is expected, not a bug.
 */
public final class BadFrame extends RuntimeException {
  private final Long re;
  private final String target;
  private final ErrorCode code;

  public BadFrame(Long re, String target, ErrorCode code, String message) {
    super(message, null, false, false);
    this.re = re;
    this.target = target;
    this.code = code;
  }

  public Long re() {
    return re;
  }

  /** The document (on {@code /sync}) or room (on {@code /presence}) the frame was about, or null. */
  public String target() {
    return target;
  }

  public ErrorCode code() {
    return code;
  }
}
