package io.lockstep.edge.ws;

import io.lockstep.common.protocol.ErrorCode;
import io.vertx.core.json.JsonObject;

/**
 * The envelope every server frame shares on {@code /sync} and {@code /presence}: {@code t}, the
 * {@code re} of the request it answers (absent for pushes), and the {@code err} frame with its
 * {@code code} and {@code msg}.
 */
public final class ReplyFrames {
  private ReplyFrames() {}

  /** {@code {"t":type,"re":re}}, without {@code re} when it is null (a push). */
  public static JsonObject reply(String type, Long re) {
    JsonObject frame = new JsonObject().put("t", type);
    if (re != null) {
      frame.put("re", re);
    }
    return frame;
  }

  /**
   * {@code {"t":"err","re":…,<targetField>:target,"code":…,"msg":…}}; {@code re} and the target (a
   * document, a room) are left out when null.
   */
  public static JsonObject error(Long re, String targetField, String target, ErrorCode code, String message) {
    JsonObject err = reply("err", re);
    if (target != null) {
      err.put(targetField, target);
    }
    return err.put("code", code.wire()).put("msg", message);
  }
}
