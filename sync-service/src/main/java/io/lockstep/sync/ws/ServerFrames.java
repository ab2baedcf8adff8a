package io.lockstep.sync.ws;

import io.lockstep.common.crdt.CrdtType;
import io.lockstep.common.engine.ops.Snapshot;
import io.lockstep.common.engine.ops.StoredOp;
import io.lockstep.common.engine.ops.StoredOpCodec;
import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.edge.ws.ReplyFrames;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** The frames the server sends on {@code /sync} (PROTOCOL.md §1), as JSON objects. */
final class ServerFrames {
  private ServerFrames() {}

  /** {@code exp}: when the connection's token expires (epoch ms), or null when it never does. */
  static JsonObject welcome(Long re, String node, int heartbeatMs, Long exp) {
    JsonObject welcome = reply("welcome", re).put("node", node).put("heartbeat", heartbeatMs);
    return exp == null ? welcome : welcome.put("exp", exp);
  }

  static JsonObject authed(Long re, Long exp) {
    JsonObject authed = reply("authed", re);
    return exp == null ? authed : authed.put("exp", exp);
  }

  /** A subscription ended by the server because a refreshed token no longer grants reading it. */
  static JsonObject unsubscribedForbidden(String doc) {
    return error(null, doc, ErrorCode.FORBIDDEN, "the refreshed token has no read right on " + doc).put("unsub", true);
  }

  static JsonObject snapshot(Long re, Snapshot s) {
    JsonObject frame = reply("snapshot", re).put("doc", s.doc()).put("v", s.v()).put("type", s.type()).put("data", s.data());
    return CrdtType.NAME.equals(s.type()) ? frame.put("value", CrdtType.value(s.data(), s.v())) : frame;
  }

  /** Ops as in the {@code ops} reply: op frames without their {@code t}. */
  static JsonObject ops(Long re, String doc, long from, List<StoredOp> ops) {
    JsonArray list = new JsonArray();
    for (StoredOp op : ops) {
      list.add(StoredOpCodec.toEntry(op));
    }
    return reply("ops", re).put("doc", doc).put("from", from).put("ops", list);
  }

  static JsonObject ack(Long re, String doc, long v) {
    return reply("ack", re).put("doc", doc).put("v", v);
  }

  static JsonObject unsubbed(Long re, String doc) {
    return reply("unsubbed", re).put("doc", doc);
  }

  static JsonObject pong(Long re) {
    return reply("pong", re);
  }

  static JsonObject error(Long re, String doc, ErrorCode code, String message) {
    return ReplyFrames.error(re, "doc", doc, code, message);
  }

  private static JsonObject reply(String type, Long re) {
    return ReplyFrames.reply(type, re);
  }
}
