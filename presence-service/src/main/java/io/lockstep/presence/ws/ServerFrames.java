package io.lockstep.presence.ws;

import io.lockstep.common.engine.presence.Member;
import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.edge.ws.ReplyFrames;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** The frames the server sends on {@code /presence} (docs/protocol.md §3), as JSON objects. */
final class ServerFrames {
  private ServerFrames() {}

  /** {@code exp}: the token's own {@code exp} in epoch ms, left out when null (no token, or none in it). */
  static JsonObject welcome(Long re, String node, int heartbeatMs, String conn, int ttlMs, Long exp) {
    JsonObject welcome = reply("welcome", re).put("node", node).put("heartbeat", heartbeatMs).put("conn", conn)
        .put("ttl", ttlMs);
    return exp == null ? welcome : welcome.put("exp", exp);
  }

  static JsonObject authed(Long re, Long exp) {
    JsonObject authed = reply("authed", re);
    return exp == null ? authed : authed.put("exp", exp);
  }

  /** The server took the connection out of a room because a refreshed token has no presence right on it. */
  static JsonObject leftForbidden(String room) {
    return error(null, room, ErrorCode.FORBIDDEN, "the refreshed token has no presence right on " + room)
        .put("left", true);
  }

  static JsonObject members(Long re, String room, List<Member> members) {
    JsonArray list = new JsonArray();
    members.forEach(m -> list.add(m.toJson()));
    return reply("members", re).put("room", room).put("members", list);
  }

  static JsonObject left(Long re, String room) {
    return reply("left", re).put("room", room);
  }

  /** Pushed (no {@code re}) when the server took the connection out of a room it did not leave. */
  static JsonObject expelled(String room) {
    return reply("left", null).put("room", room).put("reason", "expired");
  }

  static JsonObject pong(Long re) {
    return reply("pong", re);
  }

  static JsonObject error(Long re, String room, ErrorCode code, String message) {
    return ReplyFrames.error(re, "room", room, code, message);
  }

  private static JsonObject reply(String type, Long re) {
    return ReplyFrames.reply(type, re);
  }
}
