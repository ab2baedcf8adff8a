package io.lockstep.common.protocol;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * Reading the fields every WebSocket protocol shares ({@code /sync}, {@code /presence}): the frame
 * itself, its request {@code id}, optional strings. Failures are {@link BadFrame} (nothing to echo)
 * or {@code LockstepException(bad_request)} (the caller adds the id it already read).
 */
public final class FrameFields {
  private FrameFields() {}

  /** The frame as a map; a frame that is not a JSON object is a {@link BadFrame}. */
  public static Map<String, Object> decodeObject(String text) {
    Object value;
    try {
      value = Json.decodeValue(text);
    } catch (DecodeException e) {
      throw new BadFrame(null, null, ErrorCode.BAD_REQUEST, "frame is not valid JSON");
    }
    if (!(value instanceof JsonObject json)) {
      throw new BadFrame(null, null, ErrorCode.BAD_REQUEST, "frame must be a JSON object with a field t");
    }
    return json.getMap();
  }

  /** The request id when it is a usable integer; a bad id is reported without an id to echo. */
  public static Long requestId(Map<String, Object> json) {
    Object id = json.get("id");
    if (id == null) {
      return null;
    }
    Long value = WholeNumbers.asLong(id);
    if (value == null) {
      throw new BadFrame(null, null, ErrorCode.BAD_REQUEST, "field id must be an integer");
    }
    return value;
  }

  /** The field when it is a string, null when absent. */
  public static String optionalString(Map<String, Object> json, String field) {
    Object value = json.get(field);
    if (value != null && !(value instanceof String)) {
      throw bad("field " + field + " must be a string");
    }
    return (String) value;
  }

  /** The {@code token} of an {@code auth} frame: a non-empty string. */
  public static String freshToken(Map<String, Object> json) {
    if (!(json.get("token") instanceof String token) || token.isEmpty()) {
      throw bad("field token (a fresh token) must be a non-empty string");
    }
    return token;
  }

  public static LockstepException bad(String message) {
    return new LockstepException(ErrorCode.BAD_REQUEST, message);
  }
}
