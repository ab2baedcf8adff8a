package io.lockstep.common.bus;

import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.LockstepException;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How an {@link ErrorCode} crosses the event bus: a consumer answers a failed request with
 * {@code message.fail(failureCode, msg)}, and the requester gets a {@link ReplyException} whose
 * {@link ReplyException#failureCode()} says which code it was.
 *
 * <p>The failure code is the code's HTTP status, except {@code version_ahead}, which shares 400 with
 * {@code bad_request} over HTTP and is 412 here so that every code has a number of its own:
 *
 * <table>
 *   <caption>failure codes</caption>
 *   <tr><th>code</th><th>failureCode</th></tr>
 *   <tr><td>bad_request</td><td>400</td></tr>
 *   <tr><td>unauthorized</td><td>401</td></tr>
 *   <tr><td>forbidden</td><td>403</td></tr>
 *   <tr><td>not_found</td><td>404</td></tr>
 *   <tr><td>conflict</td><td>409</td></tr>
 *   <tr><td>version_ahead</td><td>412</td></tr>
 *   <tr><td>too_large</td><td>413</td></tr>
 *   <tr><td>invalid_op</td><td>422</td></tr>
 *   <tr><td>rate_limited</td><td>429</td></tr>
 *   <tr><td>internal</td><td>500</td></tr>
 *   <tr><td>unavailable</td><td>503</td></tr>
 * </table>
 */
public final class BusErrors {
  private static final Logger LOG = LoggerFactory.getLogger(BusErrors.class);

  private static final Map<ErrorCode, Integer> CODES = new EnumMap<>(ErrorCode.class);
  private static final Map<Integer, ErrorCode> BY_CODE = new HashMap<>();

  static {
    for (ErrorCode code : ErrorCode.values()) {
      int number = code == ErrorCode.VERSION_AHEAD ? 412 : code.httpStatus();
      CODES.put(code, number);
      if (BY_CODE.put(number, code) != null) {
        throw new AssertionError("two error codes share the bus failure code " + number);
      }
    }
  }

  private BusErrors() {}

  /** The failure code {@code code} is sent with. */
  public static int failureCode(ErrorCode code) {
    return CODES.get(code);
  }

  /** The error code a failure code stands for, or empty for a number that is none of ours. */
  public static Optional<ErrorCode> fromFailureCode(int failureCode) {
    return Optional.ofNullable(BY_CODE.get(failureCode));
  }

  /**
   * Answers {@code message} with {@code failure}: a {@link LockstepException} with its code and
   * message; anything else is a bug, logged here once and answered {@code internal} without its
   * details.
   */
  public static void fail(Message<?> message, Throwable failure) {
    if (failure instanceof LockstepException e) {
      message.fail(failureCode(e.code()), e.getMessage());
      return;
    }
    LOG.error("unexpected failure answering {}", message.address(), failure);
    message.fail(failureCode(ErrorCode.INTERNAL), "internal error");
  }

  /**
   * The failure of a request as a {@link LockstepException}: a consumer's {@code fail} with one of
   * our codes comes back with that code and message; no consumer, a timeout or a transport error
   * become {@code unavailable} (retry later); any other failure is {@code internal}.
   */
  public static LockstepException fromReply(Throwable failure) {
    if (failure instanceof LockstepException e) {
      return e;
    }
    if (!(failure instanceof ReplyException reply)) {
      return new LockstepException(ErrorCode.INTERNAL, String.valueOf(failure.getMessage()), failure);
    }
    if (reply.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
      ErrorCode code = fromFailureCode(reply.failureCode()).orElse(ErrorCode.INTERNAL);
      return new LockstepException(code, reply.getMessage());
    }
    return new LockstepException(ErrorCode.UNAVAILABLE,
        "no answer on the event bus (" + reply.failureType().name().toLowerCase() + "): " + reply.getMessage());
  }

  /** Whether a request failed for want of an answer (no consumer, timeout, transport error) rather than being refused. */
  public static boolean unanswered(Throwable failure) {
    return failure instanceof ReplyException reply && reply.failureType() != ReplyFailure.RECIPIENT_FAILURE;
  }
}
