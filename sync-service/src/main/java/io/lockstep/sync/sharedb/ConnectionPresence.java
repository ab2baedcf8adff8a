package io.lockstep.sync.sharedb;

import io.lockstep.common.auth.Rights;
import io.lockstep.common.engine.ops.StoredOp;
import io.lockstep.common.ot.text.TextOp;
import io.lockstep.common.ot.text.TextUnicodeType;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One ShareDB connection's presence: the channels it receives ({@code ps}/{@code pu}), the values
 * its local presences sent ({@code p}), and requests to resend them ({@code pr}). Document presence
 * made at an older version is moved to the newest version before it is broadcast, for text-unicode
 * ({@link TextPresence}). As on ShareDB's server, presence naming json0 (ot-json0 has no presence
 * transform) is refused, and presence naming no type is relayed only when nothing has to move.
 *
 * <p>A channel is readable with the {@code presence} right on its name, or, for a document's
 * channel ({@code collection.id}), with the {@code read} right on the document.
 */
final class ConnectionPresence {
  /** Local presences one connection may keep (each is announced as gone when it closes). */
  static final int MAX_LOCAL = 1_000;

  private final ShareDbConnection connection;
  private final PresenceHub hub;
  private final Map<String, Consumer<JsonObject>> subscribed = new HashMap<>();
  /** Last value sent per channel and presence id, to announce it as gone on close. */
  private final Map<String, Map<String, JsonObject>> local = new HashMap<>();
  private int localCount;

  ConnectionPresence(ShareDbConnection connection, PresenceHub hub) {
    this.connection = connection;
    this.hub = hub;
  }

  void dispatch(ShareDbRequest request, Map<String, Object> message, Rights rights) {
    if (request instanceof ShareDbRequest.PresenceSubscription sub) {
      requireChannel(rights, sub.channel());
      if (sub.subscribe()) {
        subscribe(sub, message);
      } else {
        unsubscribe(sub.channel());
        connection.send(new JsonObject().put("a", "pu").put("ch", sub.channel()).put("seq", sub.seq()));
      }
    } else if (request instanceof ShareDbRequest.PresenceRequest pr) {
      requireChannel(rights, pr.channel());
      hub.publish(pr.channel(), request(pr.channel()));
    } else if (request instanceof ShareDbRequest.Presence p) {
      requireChannel(rights, p.channel());
      onPresence(p, message);
    } else {
      throw new AssertionError(request);
    }
  }

  private void subscribe(ShareDbRequest.PresenceSubscription sub, Map<String, Object> message) {
    String channel = sub.channel();
    Future<Void> joined;
    if (subscribed.containsKey(channel)) {
      joined = Future.succeededFuture();
    } else {
      if (subscribed.size() >= connection.backend().limits().maxSubscriptions()) {
        throw new ShareDbError(ShareDbError.TOO_LARGE, "too many presence channels on one connection");
      }
      Consumer<JsonObject> listener = this::onChannelMessage;
      subscribed.put(channel, listener);
      joined = hub.join(channel, listener);
    }
    joined.onComplete(ar -> {
      if (ar.failed()) {
        Consumer<JsonObject> listener = subscribed.remove(channel);
        if (listener != null) {
          hub.leave(channel, listener);
        }
        connection.fail(message, ShareDbError.from(ar.cause(), false));
        return;
      }
      connection.send(new JsonObject().put("a", "ps").put("ch", channel).put("seq", sub.seq()));
      hub.publish(channel, request(channel));
    });
  }

  private void unsubscribe(String channel) {
    Consumer<JsonObject> listener = subscribed.remove(channel);
    if (listener != null) {
      hub.leave(channel, listener);
    }
  }

  private JsonObject request(String channel) {
    return new JsonObject().put("ch", channel).put("r", true).put("src", connection.src());
  }

  private void onChannelMessage(JsonObject message) {
    String from = message.getString("src");
    if (from != null && from.equals(connection.src())) {
      return;
    }
    if (Boolean.TRUE.equals(message.getValue("r"))) {
      connection.send(new JsonObject().put("a", "pr").put("ch", message.getString("ch")));
      return;
    }
    connection.send(message);
  }

  private void onPresence(ShareDbRequest.Presence p, Map<String, Object> message) {
    Map<String, JsonObject> ofChannel = local.computeIfAbsent(p.channel(), c -> new HashMap<>());
    if (!ofChannel.containsKey(p.presenceId()) && p.value() != null && localCount >= MAX_LOCAL) {
      throw new ShareDbError(ShareDbError.TOO_LARGE, "too many local presences on one connection");
    }
    // As ShareDB's server: a message naming a type without a presence transform (json0, whose
    // ot-json0 has none, or a type Lockstep does not know) is refused before anything else.
    if (p.type() != null && !isTextUnicode(p.type())) {
      throw new ShareDbError(ShareDbError.NO_PRESENCE, "Type does not support presence: " + p.type());
    }
    upToDate(p).onComplete(ar -> {
      if (ar.failed()) {
        connection.fail(message, ShareDbError.from(ar.cause(), false));
        return;
      }
      JsonObject broadcast = ar.result();
      remember(p.channel(), p.presenceId(), broadcast);
      hub.publish(p.channel(), broadcast);
      connection.send(broadcast.copy());
    });
  }

  private void remember(String channel, String presenceId, JsonObject broadcast) {
    Map<String, JsonObject> ofChannel = local.computeIfAbsent(channel, c -> new HashMap<>());
    boolean had = ofChannel.containsKey(presenceId);
    if (broadcast.getValue("p") == null) {
      if (had) {
        ofChannel.remove(presenceId);
        localCount--;
      }
      if (ofChannel.isEmpty()) {
        local.remove(channel);
      }
      return;
    }
    ofChannel.put(presenceId, broadcast);
    if (!had) {
      localCount++;
    }
  }

  /** The message to broadcast, with a document presence moved to the document's current version. */
  private Future<JsonObject> upToDate(ShareDbRequest.Presence p) {
    JsonObject message = new JsonObject().put("a", "p").put("ch", p.channel()).put("src", connection.src())
        .put("id", p.presenceId()).put("p", p.value()).put("pv", p.pv());
    if (p.name() == null) {
      return Future.succeededFuture(message);
    }
    message.put("c", p.name().collection()).put("d", p.name().id()).put("t", p.type());
    if (p.v() == null) {
      return Future.succeededFuture(message.put("v", p.v()));
    }
    if (p.type() == null) {
      return unmoved(p, message);
    }
    if (p.value() == null) {
      return Future.succeededFuture(message.put("v", p.v()));
    }
    return connection.backend().ops(p.name().doc(), p.v(), Long.MAX_VALUE).map(ops -> {
      Object value = p.value();
      for (StoredOp op : ops) {
        value = moved(value, op);
      }
      return message.put("p", value).put("v", p.v() + ops.size());
    });
  }

  /**
   * Document presence that names no type (ShareDB's client always names one; a raw client may
   * not): relayed as it is when no op came after its version, and otherwise refused, as ShareDB's
   * server cannot move a value of an unknown type either.
   */
  private Future<JsonObject> unmoved(ShareDbRequest.Presence p, JsonObject message) {
    // One op after its version is enough to refuse it: read no more than that.
    return connection.backend().ops(p.name().doc(), p.v(), p.v() + 1).map(ops -> {
      if (!ops.isEmpty()) {
        throw new ShareDbError(ShareDbError.DOC_TYPE_NOT_RECOGNIZED,
            "presence without a type cannot follow the ops after version " + p.v());
      }
      return message.put("v", p.v());
    });
  }

  private Object moved(Object value, StoredOp op) {
    if (value == null || !op.isEdit()) {
      return null;
    }
    try {
      TextOp text = TextUnicodeType.INSTANCE.parseOp(op.op());
      return TextPresence.transform(value, text, connection.src().equals(op.src()));
    } catch (RuntimeException e) {
      throw new ShareDbError(ShareDbError.PRESENCE_TRANSFORM_FAILED, "presence cannot follow the document: " + e.getMessage());
    }
  }

  private static boolean isTextUnicode(String type) {
    return ShareDbTypes.lockstepType(type).filter("text-unicode"::equals).isPresent();
  }

  private static void requireChannel(Rights rights, String channel) {
    if (rights.canJoin(channel)) {
      return;
    }
    int dot = channel.indexOf('.');
    if (dot > 0 && dot < channel.length() - 1) {
      String doc = channel.substring(0, dot) + "/" + channel.substring(dot + 1);
      if (rights.canRead(doc)) {
        return;
      }
    }
    throw new ShareDbError(ShareDbError.FORBIDDEN, "token has no presence right on " + channel);
  }

  /** The connection closed: stop receiving, and announce each of its presences as gone. */
  void closeAll() {
    for (String channel : List.copyOf(subscribed.keySet())) {
      unsubscribe(channel);
    }
    for (Map<String, JsonObject> ofChannel : local.values()) {
      for (JsonObject last : ofChannel.values()) {
        hub.publish(last.getString("ch"), last.copy().put("p", null).put("pv", last.getLong("pv") + 1));
      }
    }
    local.clear();
    localCount = 0;
  }
}
