package io.lockstep.presence.ws;

import static io.lockstep.common.protocol.FrameFields.bad;
import static io.lockstep.common.protocol.FrameFields.optionalString;
import static io.lockstep.common.protocol.FrameFields.requestId;

import io.lockstep.common.protocol.BadFrame;
import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.FrameFields;
import io.lockstep.common.protocol.Ids;
import io.lockstep.common.protocol.LockstepException;
import io.lockstep.common.util.Utf8;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * Parses the JSON of one {@code /presence} client frame into a {@link ClientFrame}, checking every
 * field's type and range. Anything wrong becomes a {@link BadFrame} that names the field, carrying
 * the request id and room when they are usable, so the error reply can echo them.
 */
final class ClientFrames {
  /** Longest {@code user} accepted when authentication is off (with it, the token's {@code sub} is the user). */
  static final int MAX_USER = 256;

  private ClientFrames() {}

  static ClientFrame parse(Map<String, Object> json, int maxMetaBytes) {
    Long id = requestId(json);
    // Only a valid room is echoed back in an error: an invalid one may be huge or hold control characters.
    String room = json.get("room") instanceof String s && Ids.isName(s) ? s : null;
    try {
      Object t = json.get("t");
      if (!(t instanceof String type)) {
        throw bad("field t (the frame type) is missing or not a string");
      }
      return switch (type) {
        case "hello" -> new ClientFrame.Hello(id, optionalString(json, "token"));
        case "auth" -> new ClientFrame.Auth(id, FrameFields.freshToken(json));
        case "join" -> new ClientFrame.Join(id, room(json), user(json), meta(json, maxMetaBytes, false));
        case "meta" -> new ClientFrame.Meta(id, room(json), meta(json, maxMetaBytes, true));
        case "leave" -> new ClientFrame.Leave(id, room(json));
        case "hb" -> new ClientFrame.Heartbeat(id);
        case "ping" -> new ClientFrame.Ping(id);
        default -> throw bad("unknown frame type \"" + type + "\"");
      };
    } catch (LockstepException e) {
      throw new BadFrame(id, room, e.code(), e.getMessage());
    }
  }

  private static String room(Map<String, Object> json) {
    if (!(json.get("room") instanceof String s)) {
      throw bad("field room must be a room id string");
    }
    return Ids.requireRoom(s);
  }

  private static String user(Map<String, Object> json) {
    Object user = json.get("user");
    if (user == null) {
      return null;
    }
    if (!(user instanceof String s) || s.isEmpty() || s.length() > MAX_USER) {
      throw bad("field user must be a string of 1-" + MAX_USER + " characters");
    }
    return s;
  }

  /** The meta object ({@code {}} when absent and optional), refused past {@code maxBytes} of JSON. */
  private static JsonObject meta(Map<String, Object> json, int maxBytes, boolean required) {
    Object meta = json.get("meta");
    if (meta == null && !required) {
      return new JsonObject();
    }
    // Decoded frames hold nested objects as maps; built ones (tests, the bus) as JsonObject.
    JsonObject object;
    if (meta instanceof JsonObject built) {
      object = built;
    } else if (meta instanceof Map<?, ?> map) {
      object = new JsonObject(castMap(map));
    } else {
      throw bad("field meta must be a JSON object");
    }
    int bytes = Utf8.length(object.encode());
    if (bytes > maxBytes) {
      throw new LockstepException(ErrorCode.TOO_LARGE, "meta of " + bytes + " bytes is over the limit of " + maxBytes);
    }
    return object;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Map<?, ?> map) {
    return (Map<String, Object>) map;
  }
}
