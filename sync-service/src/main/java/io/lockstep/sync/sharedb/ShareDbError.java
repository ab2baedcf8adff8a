package io.lockstep.sync.sharedb;

import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.LockstepException;
import io.vertx.core.json.JsonObject;

/**
 * An error as ShareDB's client receives it: {@code {"code":…,"message":…}} attached to the reply.
 * The codes are ShareDB's own where ShareDB has one for the case, so code written against a
 * ShareDB backend keeps working; Lockstep-only cases (tokens, rate and size limits, overload) use
 * {@code ERR_LOCKSTEP_*} codes, listed in docs/sharedb.md. Stackless: bad input is expected.
 */
public final class ShareDbError extends RuntimeException {
  public static final String MESSAGE_BADLY_FORMED = "ERR_MESSAGE_BADLY_FORMED";
  public static final String OP_BADLY_FORMED = "ERR_OT_OP_BADLY_FORMED";
  public static final String OP_NOT_APPLIED = "ERR_OT_OP_NOT_APPLIED";
  public static final String DOC_ALREADY_CREATED = "ERR_DOC_ALREADY_CREATED";
  public static final String DOC_DOES_NOT_EXIST = "ERR_DOC_DOES_NOT_EXIST";
  public static final String DOC_TYPE_NOT_RECOGNIZED = "ERR_DOC_TYPE_NOT_RECOGNIZED";
  public static final String VERSION_NEWER = "ERR_OP_VERSION_NEWER_THAN_CURRENT_SNAPSHOT";
  public static final String OPS_NOT_FOUND = "ERR_SUBMIT_TRANSFORM_OPS_NOT_FOUND";
  public static final String NOT_IMPLEMENTED = "ERR_DATABASE_METHOD_NOT_IMPLEMENTED";
  public static final String NO_PRESENCE = "ERR_TYPE_DOES_NOT_SUPPORT_PRESENCE";
  public static final String PRESENCE_TRANSFORM_FAILED = "ERR_PRESENCE_TRANSFORM_FAILED";
  public static final String UNKNOWN = "ERR_UNKNOWN_ERROR";
  public static final String UNAUTHORIZED = "ERR_LOCKSTEP_UNAUTHORIZED";
  public static final String FORBIDDEN = "ERR_LOCKSTEP_FORBIDDEN";
  public static final String TOO_LARGE = "ERR_LOCKSTEP_TOO_LARGE";
  public static final String RATE_LIMITED = "ERR_LOCKSTEP_RATE_LIMITED";
  public static final String UNAVAILABLE = "ERR_LOCKSTEP_UNAVAILABLE";
  public static final String HISTORY_TRIMMED = "ERR_LOCKSTEP_HISTORY_TRIMMED";

  private final String code;

  public ShareDbError(String code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public static ShareDbError badMessage(String message) {
    return new ShareDbError(MESSAGE_BADLY_FORMED, message);
  }

  public String code() {
    return code;
  }

  /** The {@code error} object of a reply. */
  public JsonObject toJson() {
    return new JsonObject().put("code", code).put("message", getMessage());
  }

  /**
   * The ShareDB form of a failure from the Lockstep core. {@code conflict} means "exists already"
   * for a creation and "history gone" otherwise; {@code not_found} means the document is missing.
   * Anything that is not a Lockstep or ShareDB error is a bug and becomes {@code ERR_UNKNOWN_ERROR}
   * without its text (the caller logs it).
   */
  public static ShareDbError from(Throwable failure, boolean creating) {
    if (failure instanceof ShareDbError e) {
      return e;
    }
    if (!(failure instanceof LockstepException e)) {
      return new ShareDbError(UNKNOWN, "internal error");
    }
    return new ShareDbError(codeFor(e.code(), creating), e.getMessage());
  }

  static String codeFor(ErrorCode code, boolean creating) {
    return switch (code) {
      case BAD_REQUEST -> MESSAGE_BADLY_FORMED;
      case UNAUTHORIZED -> UNAUTHORIZED;
      case FORBIDDEN -> FORBIDDEN;
      case NOT_FOUND -> DOC_DOES_NOT_EXIST;
      case CONFLICT -> creating ? DOC_ALREADY_CREATED : OPS_NOT_FOUND;
      case INVALID_OP -> OP_NOT_APPLIED;
      case VERSION_AHEAD -> VERSION_NEWER;
      case TOO_LARGE -> TOO_LARGE;
      case RATE_LIMITED -> RATE_LIMITED;
      case UNAVAILABLE -> UNAVAILABLE;
      case INTERNAL -> UNKNOWN;
    };
  }
}
