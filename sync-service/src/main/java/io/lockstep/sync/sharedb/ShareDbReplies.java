package io.lockstep.sync.sharedb;

import io.lockstep.common.engine.ops.Snapshot;
import io.lockstep.common.engine.ops.StoredOp;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The messages Lockstep sends to ShareDB clients. Versions: a ShareDB snapshot's {@code v} is the
 * Lockstep version; a ShareDB op's {@code v} is the version it was applied to, one less than the
 * Lockstep version it committed as.
 */
public final class ShareDbReplies {
  /** ShareDB's protocol version, as its client checks it in the handshake. */
  static final int PROTOCOL_MAJOR = 1;
  static final int PROTOCOL_MINOR = 2;
  /** Fields of a request echoed with an error reply so the client can route it (never its content). */
  private static final Set<String> ECHOED = Set.of("a", "c", "d", "id", "ch", "seq", "pv", "src", "v", "b");

  private ShareDbReplies() {}

  static JsonObject handshake(String src) {
    return new JsonObject().put("a", "hs").put("protocol", PROTOCOL_MAJOR).put("protocolMinor", PROTOCOL_MINOR)
        .put("id", src).put("type", ShareDbTypes.JSON0_URI);
  }

  /** The {@code data} of a fetch or subscribe reply: version, content, and the type unless it is json0. */
  static JsonObject snapshotData(Snapshot snapshot) {
    JsonObject data = new JsonObject().put("v", snapshot.v()).put("data", snapshot.data());
    if (!"json0".equals(snapshot.type())) {
      data.put("type", snapshot.type() == null ? null : ShareDbTypes.uri(snapshot.type()));
    }
    return data;
  }

  /** The reply to {@code nf}/{@code nt}: the snapshot with the request's id. */
  static JsonObject snapshotFetch(String action, long requestId, Snapshot snapshot) {
    return new JsonObject().put("a", action).put("id", requestId).put("v", snapshot.v())
        .put("type", snapshot.type() == null ? null : ShareDbTypes.uri(snapshot.type()))
        .put("data", snapshot.data());
  }

  static JsonObject docReply(String action, DocName name) {
    return new JsonObject().put("a", action).put("c", name.collection()).put("d", name.id());
  }

  /** A committed op as ShareDB's client applies it. */
  static JsonObject op(DocName name, StoredOp op) {
    JsonObject message = docReply("op", name).put("v", op.v() - 1).put("src", op.src()).put("seq", op.seq());
    if (op.isEdit()) {
      message.put("op", op.op());
    } else if (op.create() != null) {
      message.put("create", new JsonObject().put("type", ShareDbTypes.uri(op.create().type())).put("data", op.create().data()));
    } else {
      message.put("del", true);
    }
    return message;
  }

  /** The acknowledgement of the client's own op, committed as Lockstep version {@code v}. */
  static JsonObject ack(DocName name, String src, long seq, long v) {
    return docReply("op", name).put("src", src).put("seq", seq).put("v", v - 1);
  }

  /** A bulk reply with snapshots (or per-document errors) by id. */
  static JsonObject bulkData(String action, String collection, Map<String, JsonObject> byId) {
    JsonObject data = new JsonObject();
    byId.forEach(data::put);
    return new JsonObject().put("a", action).put("c", collection).put("data", data);
  }

  /** A bulk reply when the client sent versions: the ops went out before it. */
  static JsonObject bulkDone(String action, String collection, List<String> ids, Map<String, Long> versions) {
    JsonObject b = new JsonObject();
    for (String id : ids) {
      b.put(id, versions.get(id));
    }
    return new JsonObject().put("a", action).put("c", collection).put("b", b);
  }

  /**
   * The error reply to {@code request}: the request's routing fields (so the client finds the
   * document, query or presence it was about) and {@code error}.
   */
  static JsonObject error(Map<String, Object> request, ShareDbError error) {
    JsonObject reply = new JsonObject();
    if (request != null) {
      for (String field : ECHOED) {
        Object value = request.get(field);
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
          reply.put(field, value);
        } else if (field.equals("b") && (value instanceof Map<?, ?> || value instanceof List<?>)) {
          reply.put(field, value);
        }
      }
    }
    return reply.put("error", error.toJson());
  }
}
