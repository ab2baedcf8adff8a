package io.lockstep.feed.publish;

import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.LockstepException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;

/**
 * One event to publish: its SSE type and its data as one line of JSON.
 *
 * <p>The rule that tells a plain message from a named event: a body that is a JSON object with
 * exactly the two keys {@code event} and {@code data}, where {@code event} is a string, is a named
 * event of that type carrying {@code data}; any other JSON value is published whole as
 * {@code event: message}. To publish such a two-key object as a plain message, wrap it:
 * {@code {"event":"message","data":{"event":…,"data":…}}}.
 *
 * @param type 1–64 characters of {@code [A-Za-z0-9._:-]}, not {@code reset} (the server's own)
 * @param data compact JSON, no newline
 */
public record Publication(String type, String data) {
  public static final String MESSAGE = "message";
  /** The type the server uses to tell a client it lost events; publishers may not use it. */
  public static final String RESET = "reset";
  private static final int MAX_TYPE = 64;

  /**
   * Reads a publish body by the rule above.
   *
   * @param maxDataBytes the largest encoded data allowed ({@code too_large} past it)
   * @throws LockstepException {@code bad_request} for a body that is not JSON or a bad type
   */
  public static Publication fromBody(String body, int maxDataBytes) {
    Object value;
    try {
      value = Json.decodeValue(body);
    } catch (RuntimeException e) {
      throw new LockstepException(ErrorCode.BAD_REQUEST, "the body must be JSON");
    }
    if (value == null && body.isBlank()) {
      throw new LockstepException(ErrorCode.BAD_REQUEST, "the body must be JSON, got nothing");
    }
    if (value instanceof JsonObject object && object.size() == 2 && object.getValue("event") instanceof String type
        && object.containsKey("data")) {
      return of(type, object.getValue("data"), maxDataBytes);
    }
    return of(MESSAGE, value, maxDataBytes);
  }

  /** A publication of {@code data} (any JSON value) as {@code type}, checked like a body. */
  public static Publication of(String type, Object data, int maxDataBytes) {
    requireType(type);
    String encoded = Json.encode(data);
    if (encoded.getBytes(StandardCharsets.UTF_8).length > maxDataBytes) {
      throw new LockstepException(ErrorCode.TOO_LARGE, "event data is larger than " + maxDataBytes + " bytes");
    }
    return new Publication(type, encoded);
  }

  private static void requireType(String type) {
    if (type.isEmpty() || type.length() > MAX_TYPE || !type.chars().allMatch(Publication::typeChar)) {
      throw new LockstepException(ErrorCode.BAD_REQUEST, "event must be 1-" + MAX_TYPE + " characters of [A-Za-z0-9._:-]");
    }
    if (type.equals(RESET)) {
      throw new LockstepException(ErrorCode.BAD_REQUEST, "event type reset is reserved for the server");
    }
  }

  private static boolean typeChar(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
        || c == ':' || c == '-';
  }
}
