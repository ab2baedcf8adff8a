package io.lockstep.sync.ws;

import static io.lockstep.common.protocol.FrameFields.bad;
import static io.lockstep.common.protocol.FrameFields.optionalString;
import static io.lockstep.common.protocol.FrameFields.requestId;

import io.lockstep.common.protocol.BadFrame;
import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.FrameFields;
import io.lockstep.common.protocol.Ids;
import io.lockstep.common.protocol.LockstepException;
import io.lockstep.common.protocol.OpBounds;
import io.lockstep.common.protocol.WholeNumbers;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Parses the JSON of one client frame into a {@link ClientFrame}, checking every field's type and
 * range. Anything wrong becomes a {@link BadFrame} that names the field, carrying the request id
 * (when the frame had a usable one) so the error reply can echo it.
 */
final class ClientFrames {
  private ClientFrames() {}

  static ClientFrame parse(Map<String, Object> json, int bytes, int maxComponents) {
    Long id = requestId(json);
    // Only a valid id is echoed back in an error: an invalid one may be huge or hold control characters.
    String doc = json.get("doc") instanceof String s && Ids.isDoc(s) ? s : null;
    try {
      Object t = json.get("t");
      if (!(t instanceof String type)) {
        throw bad("field t (the frame type) is missing or not a string");
      }
      return switch (type) {
        case "hello" -> new ClientFrame.Hello(id, optionalSrc(json), optionalString(json, "token"),
            Boolean.TRUE.equals(json.get("batch")));
        case "sub" -> new ClientFrame.Sub(id, doc(json), optionalLong(json, "v", 0));
        case "unsub" -> new ClientFrame.Unsub(id, doc(json));
        case "create" -> create(id, json);
        case "op" -> op(id, json, bytes, maxComponents);
        case "fetch" -> fetch(id, json);
        case "del" -> del(id, json);
        case "snap" -> new ClientFrame.Snap(id, doc(json), requiredLong(json, "v", 0));
        case "ping" -> new ClientFrame.Ping(id);
        case "auth" -> new ClientFrame.Auth(id, FrameFields.freshToken(json));
        default -> throw bad("unknown frame type \"" + type + "\"");
      };
    } catch (LockstepException e) {
      throw new BadFrame(id, doc, e.code(), e.getMessage());
    }
  }

  private static ClientFrame create(Long id, Map<String, Object> json) {
    String doc = doc(json);
    Object type = json.get("type");
    if (!(type instanceof String typeName)) {
      throw bad("field type must be a string such as \"json0\" or \"text-unicode\"");
    }
    if (!json.containsKey("data")) {
      throw bad("field data (the initial document) is missing");
    }
    OpBounds.requireData(json.get("data"));
    String src = optionalSrc(json);
    Long seq = optionalLong(json, "seq", 1);
    return new ClientFrame.Create(id, doc, typeName, json.get("data"), src, seq == null ? 0 : Ids.requireSeq(seq));
  }

  private static ClientFrame op(Long id, Map<String, Object> json, int bytes, int maxComponents) {
    String doc = doc(json);
    long v = requiredLong(json, "v", 0);
    String src = optionalSrc(json);
    long seq = Ids.requireSeq(requiredLong(json, "seq", 1));
    Object op = json.get("op");
    if (op == null) {
      throw bad("field op is missing");
    }
    OpBounds.requireOp(op, maxComponents);
    return new ClientFrame.Op(id, doc, v, src, seq, op, bytes, Boolean.TRUE.equals(json.get("echo")));
  }

  private static ClientFrame del(Long id, Map<String, Object> json) {
    String doc = doc(json);
    String src = optionalSrc(json);
    Long seq = optionalLong(json, "seq", 1);
    return new ClientFrame.Del(id, doc, src, seq == null ? 0 : Ids.requireSeq(seq));
  }

  private static ClientFrame fetch(Long id, Map<String, Object> json) {
    String doc = doc(json);
    long from = requiredLong(json, "from", 0);
    Long to = optionalLong(json, "to", 0);
    if (to != null && to < from) {
      throw bad("field to (" + to + ") is before from (" + from + ")");
    }
    return new ClientFrame.Fetch(id, doc, from, to == null ? Long.MAX_VALUE : to);
  }

  private static String doc(Map<String, Object> json) {
    Object doc = json.get("doc");
    if (!(doc instanceof String s)) {
      throw bad("field doc must be a document id string");
    }
    return Ids.requireDoc(s);
  }

  private static String optionalSrc(Map<String, Object> json) {
    Object src = json.get("src");
    if (src == null) {
      return null;
    }
    if (!(src instanceof String s)) {
      throw bad("field src must be a string");
    }
    return Ids.requireSrc(s);
  }

  private static long requiredLong(Map<String, Object> json, String field, long min) {
    Long value = optionalLong(json, field, min);
    if (value == null) {
      throw bad("field " + field + " is missing");
    }
    return value;
  }

  private static Long optionalLong(Map<String, Object> json, String field, long min) {
    Object raw = json.get(field);
    if (raw == null) {
      return null;
    }
    Long value = WholeNumbers.asLong(raw);
    if (value == null) {
      throw bad("field " + field + " must be an integer, got " + describe(raw));
    }
    if (value < min) {
      throw bad("field " + field + " must be at least " + min + ", got " + value);
    }
    return value;
  }

  private static String describe(Object raw) {
    if (raw instanceof BigInteger) {
      return "a number too large";
    }
    if (raw instanceof Number) {
      return "a fraction";
    }
    return raw instanceof String ? "a string" : raw instanceof Boolean ? "a boolean" : "a " + raw.getClass().getSimpleName();
  }
}
