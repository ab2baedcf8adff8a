package io.lockstep.sync.sharedb;

import io.lockstep.common.protocol.Ids;
import io.lockstep.common.protocol.WholeNumbers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses ShareDB client messages into {@link ShareDbRequest}s. Every check that ShareDB's own
 * server makes on a message is made here, plus Lockstep's id rules; a message that fails one is a
 * {@link ShareDbError} with {@code ERR_MESSAGE_BADLY_FORMED} (the caller replies with it).
 */
public final class ShareDbRequests {
  /** Longest presence id or channel accepted (ShareDB's client makes 32-character ids). */
  static final int MAX_NAME = Ids.MAX_DOC;

  private ShareDbRequests() {}

  /**
   * @param maxBulk most documents one bulk message may name
   * @param bytes the message's encoded size (kept with a submitted op for size accounting)
   */
  public static ShareDbRequest parse(Map<String, Object> message, int maxBulk, int bytes) {
    Object action = message.get("a");
    if (!(action instanceof String a)) {
      throw ShareDbError.badMessage("Invalid or unknown message: field a must be a string");
    }
    return switch (a) {
      case "hs" -> new ShareDbRequest.Handshake(optionalString(message, "id"));
      case "auth" -> new ShareDbRequest.Auth(requiredString(message, "token"));
      case "f", "s" -> new ShareDbRequest.Read(name(message), version(message, "v"), a.equals("s"));
      case "u" -> new ShareDbRequest.Unsubscribe(name(message));
      case "bf", "bs", "bu" -> bulk(a, message, maxBulk);
      case "op" -> submit(message, bytes);
      case "nf" -> new ShareDbRequest.SnapshotAtVersion(requestId(message), name(message), version(message, "v"));
      case "nt" -> new ShareDbRequest.SnapshotAtTime(requestId(message), name(message), version(message, "ts"));
      case "p" -> presence(message);
      case "ps", "pu" -> new ShareDbRequest.PresenceSubscription(channel(message), seq(message, "seq", 0), a.equals("ps"));
      case "pr" -> new ShareDbRequest.PresenceRequest(channel(message));
      case "pp" -> new ShareDbRequest.Ping();
      case "qf", "qs", "qu" -> {
        if (WholeNumbers.asLong(message.get("id")) == null) {
          throw ShareDbError.badMessage("Missing query ID");
        }
        yield new ShareDbRequest.Query(a);
      }
      default -> throw ShareDbError.badMessage("Invalid or unknown message");
    };
  }

  private static ShareDbRequest submit(Map<String, Object> message, int bytes) {
    DocName name = name(message);
    Long v = version(message, "v");
    String src = optionalString(message, "src");
    if (src != null && !Ids.isSrc(src)) {
      throw ShareDbError.badMessage("Invalid src: 1-" + Ids.MAX_SRC + " characters of [A-Za-z0-9._:/-]");
    }
    long seq = seq(message, "seq", 1);
    ShareDbRequest.Change change;
    if (message.containsKey("op")) {
      Object op = message.get("op");
      if (op == null) {
        throw new ShareDbError(ShareDbError.OP_BADLY_FORMED, "Missing op");
      }
      if (v == null) {
        throw ShareDbError.badMessage("Invalid version: an edit needs the version it was made at");
      }
      change = new ShareDbRequest.Edit(op);
    } else if (message.get("create") != null) {
      if (!(message.get("create") instanceof Map<?, ?> create) || !(create.get("type") instanceof String type)) {
        throw new ShareDbError(ShareDbError.OP_BADLY_FORMED, "Invalid create: needs {type, data}");
      }
      change = new ShareDbRequest.Create(type, create.get("data"));
    } else if (Boolean.TRUE.equals(message.get("del"))) {
      change = new ShareDbRequest.Delete();
    } else {
      throw ShareDbError.badMessage("Invalid op message: needs op, create or del");
    }
    return new ShareDbRequest.Submit(name, v, src, seq, change, bytes);
  }

  private static ShareDbRequest presence(Map<String, Object> message) {
    String channel = channel(message);
    String presenceId = requiredString(message, "id");
    if (presenceId.isEmpty() || presenceId.length() > MAX_NAME) {
      throw ShareDbError.badMessage("Invalid presence ID");
    }
    long pv = seq(message, "pv", 0);
    DocName name = null;
    if (message.get("c") != null || message.get("d") != null) {
      name = name(message);
      if (!channel.equals(name.presenceChannel())) {
        throw ShareDbError.badMessage("Invalid presence channel: document presence uses collection.id");
      }
    }
    return new ShareDbRequest.Presence(channel, presenceId, message.get("p"), pv, name,
        version(message, "v"), optionalString(message, "t"));
  }

  private static ShareDbRequest bulk(String action, Map<String, Object> message, int maxBulk) {
    String collection = requiredString(message, "c");
    Object b = message.get("b");
    List<String> ids = new ArrayList<>();
    Map<String, Long> versions = null;
    if (b instanceof List<?> list) {
      for (Object id : list) {
        if (!(id instanceof String s)) {
          throw ShareDbError.badMessage("Invalid id");
        }
        ids.add(s);
      }
    } else if (b instanceof Map<?, ?> map) {
      versions = new LinkedHashMap<>();
      for (var entry : map.entrySet()) {
        Long v = versionValue(entry.getValue());
        ids.add((String) entry.getKey());
        versions.put((String) entry.getKey(), v);
      }
    } else {
      throw ShareDbError.badMessage("Invalid bulk subscribe data");
    }
    if (ids.isEmpty() || ids.size() > maxBulk) {
      throw ShareDbError.badMessage("Invalid bulk data: 1 to " + maxBulk + " ids");
    }
    for (String id : ids) {
      new DocName(collection, id);
    }
    return new ShareDbRequest.Bulk(action, collection, ids, versions);
  }

  private static DocName name(Map<String, Object> message) {
    Object c = message.get("c");
    Object d = message.get("d");
    if (!(c instanceof String collection)) {
      throw ShareDbError.badMessage("Invalid collection");
    }
    if (!(d instanceof String id)) {
      throw ShareDbError.badMessage("Invalid id");
    }
    return new DocName(collection, id);
  }

  private static String channel(Map<String, Object> message) {
    String channel = requiredString(message, "ch");
    if (!Ids.isName(channel)) {
      throw ShareDbError.badMessage("Invalid presence channel: 1-" + MAX_NAME + " characters of [A-Za-z0-9._:/-]");
    }
    return channel;
  }

  private static long requestId(Map<String, Object> message) {
    Long id = WholeNumbers.asLong(message.get("id"));
    if (id == null) {
      throw ShareDbError.badMessage("Invalid request id: an integer");
    }
    return id;
  }

  /** A version or timestamp: absent/null, or a whole number at least 0. */
  private static Long version(Map<String, Object> message, String field) {
    try {
      return versionValue(message.get(field));
    } catch (ShareDbError e) {
      throw ShareDbError.badMessage("Invalid " + (field.equals("ts") ? "timestamp" : "version"));
    }
  }

  private static Long versionValue(Object raw) {
    if (raw == null) {
      return null;
    }
    Long v = WholeNumbers.asLong(raw);
    if (v == null || v < 0) {
      throw ShareDbError.badMessage("Invalid version");
    }
    return v;
  }

  private static long seq(Map<String, Object> message, String field, long min) {
    Long seq = WholeNumbers.asLong(message.get(field));
    if (seq == null || seq < min) {
      throw ShareDbError.badMessage("Invalid " + field + ": an integer of at least " + min);
    }
    return seq;
  }

  private static String requiredString(Map<String, Object> message, String field) {
    String value = optionalString(message, field);
    if (value == null) {
      throw ShareDbError.badMessage("Missing " + field);
    }
    return value;
  }

  private static String optionalString(Map<String, Object> message, String field) {
    Object value = message.get(field);
    if (value != null && !(value instanceof String)) {
      throw ShareDbError.badMessage("Invalid " + field + ": must be a string");
    }
    return (String) value;
  }
}
