package io.lockstep.sync.sharedb;

import io.lockstep.common.auth.Rights;
import io.lockstep.common.engine.ops.Snapshot;
import io.lockstep.common.engine.ops.StoredOp;
import io.lockstep.common.protocol.BadFrame;
import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.FrameFields;
import io.lockstep.common.protocol.Ids;
import io.lockstep.common.protocol.LockstepException;
import io.lockstep.common.util.ContextHop;
import io.lockstep.common.util.TokenBucket;
import io.lockstep.edge.service.LiveConnections;
import io.lockstep.edge.ws.CloseCodes;
import io.lockstep.edge.ws.FlushingOutbound;
import io.lockstep.edge.ws.ErrorBudget;
import io.lockstep.common.util.Utf8;
import io.lockstep.sync.fanout.FanoutOp;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ShareDB client on {@code /sharedb}: parse → authorize → dispatch, on the event loop that
 * accepted it. Every request gets its reply or an error reply in ShareDB's shape; nothing a client
 * sends can throw out of here, and only repeated abuse, a full outbound buffer or an expired token
 * closes the socket. Presence is handled by {@link ConnectionPresence}.
 */
public final class ShareDbConnection implements LiveConnections.Drainable {
  private static final Logger LOG = LoggerFactory.getLogger(ShareDbConnection.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final ShareDbLoop loop;
  private final ShareDbBackend backend;
  private final ServerWebSocket ws;
  private final FlushingOutbound out;
  private final Context context;
  private final TokenBucket opRate;
  private final ErrorBudget errorBudget;
  private final Map<String, OpenDoc> docs = new HashMap<>();
  private final ConnectionPresence presence;
  private Rights rights;
  private String src;
  private boolean closed;
  private long tokenTimer = -1;

  ShareDbConnection(ShareDbLoop loop, ServerWebSocket ws, FlushingOutbound out, Context context) {
    this.loop = loop;
    this.backend = loop.backend();
    this.ws = ws;
    this.out = out;
    this.context = context;
    long now = System.nanoTime();
    var limits = backend.limits();
    this.opRate = new TokenBucket(limits.opsPerSecond(), limits.opsBurst(), now);
    this.errorBudget = new ErrorBudget(limits.maxErrorsPerMinute(), now);
    this.presence = new ConnectionPresence(this, loop.presence());
  }

  /**
   * Verifies the upgrade's token (a bad one closes the socket with 4001), then lets messages in.
   * Without a token (auth on), one must come in an {@code auth} message within
   * {@code helloTimeoutMs}, or the socket is closed with 4002, as a silent {@code /sync} socket is.
   * {@code onClosed} runs once the socket closed.
   */
  void start(String token, int helloTimeoutMs, Runnable onClosed) {
    ws.pause();
    Future<Rights> verified = token != null || !backend.authEnabled() ? backend.verify(token) : Future.succeededFuture(null);
    verified.onComplete(ar -> {
      if (ar.failed()) {
        close(CloseCodes.TOKEN_EXPIRED, "unauthorized");
        onClosed.run();
        return;
      }
      rights = ar.result();
      if (rights == null) {
        tokenTimer = context.owner().setTimer(helloTimeoutMs, id -> {
          if (rights == null) {
            close(CloseCodes.HELLO_TIMEOUT, "no token");
          }
        });
      }
      ws.textMessageHandler(this::onText);
      ws.binaryMessageHandler(data -> onText(data.toString()));
      ws.closeHandler(v -> {
        onClose();
        onClosed.run();
      });
      ws.resume();
    });
  }

  @Override
  public Future<Void> drainAndClose() {
    return ContextHop.call(context, () -> {
      close(CloseCodes.GOING_AWAY, "server shutting down");
      return Future.<Void>succeededFuture();
    });
  }

  /** The client's id ({@code src} of its ops and presence), null before the handshake. */
  String src() {
    return src;
  }

  ShareDbBackend backend() {
    return backend;
  }

  /** Handles one text message from the client. */
  void onText(String text) {
    int maxBytes = backend.limits().maxFrameBytes();
    int bytes = Utf8.length(text);
    if (bytes > maxBytes) {
      fail(null, new ShareDbError(ShareDbError.TOO_LARGE, "message of " + bytes + " bytes is over the limit of " + maxBytes));
      return;
    }
    Map<String, Object> message;
    try {
      message = FrameFields.decodeObject(text);
    } catch (BadFrame bad) {
      fail(null, ShareDbError.badMessage("Received a message that is not a JSON object"));
      return;
    }
    try {
      dispatch(ShareDbRequests.parse(message, backend.limits().maxSubscriptions(), bytes), message);
    } catch (ShareDbError | LockstepException e) {
      fail(message, ShareDbError.from(e, false));
      if (rights != null && rights.expired(System.currentTimeMillis())) {
        // The refusal goes out first, then the socket closes as on /sync.
        closeExpired();
      }
    } catch (RuntimeException e) {
      LOG.error("unexpected failure handling a ShareDB {} message", message.get("a"), e);
      fail(message, ShareDbError.from(e, false));
    }
  }

  private void dispatch(ShareDbRequest request, Map<String, Object> message) {
    if (request instanceof ShareDbRequest.Handshake hs) {
      onHandshake(hs);
    } else if (request instanceof ShareDbRequest.Ping) {
      send(new JsonObject().put("a", "pp"));
    } else if (request instanceof ShareDbRequest.Auth auth) {
      onAuth(auth, message);
    } else if (request instanceof ShareDbRequest.Query) {
      throw new ShareDbError(ShareDbError.NOT_IMPLEMENTED,
          "Lockstep does not run queries: fetch or subscribe to documents by id (see docs/sharedb.md)");
    } else {
      Rights current = currentRights();
      if (src == null) {
        throw ShareDbError.badMessage("Send the handshake (hs) first");
      }
      dispatchDocs(request, message, current);
    }
  }

  private void dispatchDocs(ShareDbRequest request, Map<String, Object> message, Rights current) {
    if (request instanceof ShareDbRequest.Read read) {
      requireRead(current, read.name());
      read(read.name(), read.v(), read.subscribe()).onComplete(ar -> {
        if (ar.failed()) {
          fail(message, readError(ar.cause()));
        } else {
          send(ar.result().put("a", read.subscribe() ? "s" : "f"));
        }
      });
    } else if (request instanceof ShareDbRequest.Unsubscribe u) {
      unsubscribe(u.name());
      send(ShareDbReplies.docReply("u", u.name()));
    } else if (request instanceof ShareDbRequest.Bulk bulk) {
      onBulk(bulk, message, current);
    } else if (request instanceof ShareDbRequest.Submit submit) {
      onSubmit(submit, message, current);
    } else if (request instanceof ShareDbRequest.SnapshotAtVersion nf) {
      requireRead(current, nf.name());
      Future<Snapshot> snapshot = nf.v() == null ? backend.snapshot(nf.name().doc()) : backend.snapshotAt(nf.name().doc(), nf.v());
      replySnapshot("nf", nf.requestId(), nf.name(), snapshot, message);
    } else if (request instanceof ShareDbRequest.SnapshotAtTime nt) {
      requireRead(current, nt.name());
      Future<Snapshot> snapshot = nt.ts() == null ? backend.snapshot(nt.name().doc()) : backend.snapshotAtTime(nt.name().doc(), nt.ts());
      replySnapshot("nt", nt.requestId(), nt.name(), snapshot, message);
    } else {
      presence.dispatch(request, message, current);
    }
  }

  private void onHandshake(ShareDbRequest.Handshake hs) {
    if (hs.id() != null && Ids.isSrc(hs.id())) {
      src = hs.id();
    } else if (src == null) {
      src = HexFormat.of().formatHex(randomBytes());
    }
    send(ShareDbReplies.handshake(src));
  }

  private static byte[] randomBytes() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  private void onAuth(ShareDbRequest.Auth auth, Map<String, Object> message) {
    backend.verify(auth.token()).onComplete(ar -> {
      if (ar.failed()) {
        rights = backend.authEnabled() ? null : Rights.ALL;
        fail(message, ShareDbError.from(ar.cause(), false));
        return;
      }
      rights = ar.result();
      send(new JsonObject().put("a", "auth").put("user", rights.user()));
    });
  }

  Rights currentRights() {
    if (rights == null) {
      throw new ShareDbError(ShareDbError.UNAUTHORIZED, "send a token first: ?token= on the URL or {\"a\":\"auth\",\"token\":…}");
    }
    if (rights.expired(System.currentTimeMillis())) {
      throw new ShareDbError(ShareDbError.UNAUTHORIZED, "token expired");
    }
    return rights;
  }

  private static void requireRead(Rights rights, DocName name) {
    if (!rights.canRead(name.doc())) {
      throw new ShareDbError(ShareDbError.FORBIDDEN, "token has no read right on " + name.doc());
    }
  }

  private OpenDoc open(DocName name) {
    OpenDoc doc = docs.get(name.doc());
    if (doc == null) {
      if (docs.size() >= backend.limits().maxSubscriptions()) {
        throw new ShareDbError(ShareDbError.TOO_LARGE,
            "a connection may have " + backend.limits().maxSubscriptions() + " documents open");
      }
      doc = new OpenDoc(name, this);
      docs.put(name.doc(), doc);
    }
    return doc;
  }

  private void closeIfIdle(OpenDoc doc) {
    if (doc.idle() && docs.get(doc.name.doc()) == doc) {
      docs.remove(doc.name.doc());
    }
  }

  /**
   * Fetch or subscribe: with {@code v} null the reply carries the snapshot; with a version the ops
   * after it go out first as op messages and the reply carries nothing. Completes with the reply
   * (without its action).
   */
  private Future<JsonObject> read(DocName name, Long v, boolean subscribe) {
    if (!subscribe) {
      OpenDoc doc = docs.get(name.doc());
      if (v == null) {
        return backend.snapshot(name.doc()).map(s -> {
          ShareDbTypes.requireOpenable(name.doc(), s.type());
          return ShareDbReplies.docReply("f", name).put("data", ShareDbReplies.snapshotData(s));
        });
      }
      return backend.ops(name.doc(), v, Long.MAX_VALUE).map(ops -> {
        requireOpenable(name, ops);
        for (StoredOp op : ops) {
          if (doc != null && docs.get(name.doc()) == doc) {
            doc.deliverStored(op);
          } else {
            sendOp(name, op);
          }
        }
        return ShareDbReplies.docReply("f", name);
      });
    }
    OpenDoc doc = open(name);
    if (doc.subscribed()) {
      backend.unfollow(name.doc(), doc);
    }
    int subscription = doc.subscribing();
    return backend.follow(name.doc(), doc).compose(ignored -> {
      if (v == null) {
        return backend.snapshot(name.doc()).map(s -> {
          ShareDbTypes.requireOpenable(name.doc(), s.type());
          if (doc.isCurrent(subscription)) {
            doc.start(s.v());
          }
          return ShareDbReplies.docReply("s", name).put("data", ShareDbReplies.snapshotData(s));
        });
      }
      return backend.ops(name.doc(), v, Long.MAX_VALUE).map(ops -> {
        requireOpenable(name, ops);
        if (doc.isCurrent(subscription)) {
          ops.forEach(doc::deliverStored);
          doc.start(ops.isEmpty() ? v : ops.get(ops.size() - 1).v());
        }
        return ShareDbReplies.docReply("s", name);
      });
    }).onFailure(e -> {
      if (doc.isCurrent(subscription)) {
        backend.unfollow(name.doc(), doc);
        doc.unsubscribed();
        closeIfIdle(doc);
      }
    });
  }

  /**
   * A client reading from a version already loaded the document with a type it knows; only a
   * re-creation among the ops can make it one it cannot load (a crdt document made over /sync).
   */
  private static void requireOpenable(DocName name, List<StoredOp> ops) {
    for (StoredOp op : ops) {
      if (op.create() != null) {
        ShareDbTypes.requireOpenable(name.doc(), op.create().type());
      }
    }
  }

  private void unsubscribe(DocName name) {
    OpenDoc doc = docs.get(name.doc());
    if (doc != null && doc.subscribed()) {
      backend.unfollow(name.doc(), doc);
      doc.unsubscribed();
      closeIfIdle(doc);
    }
  }

  private void onBulk(ShareDbRequest.Bulk bulk, Map<String, Object> message, Rights current) {
    for (String id : bulk.ids()) {
      requireRead(current, new DocName(bulk.collection(), id));
    }
    String single = bulk.action().substring(1);
    if (single.equals("u")) {
      bulk.ids().forEach(id -> unsubscribe(new DocName(bulk.collection(), id)));
      send(ShareDbReplies.bulkDone(bulk.action(), bulk.collection(), bulk.ids(),
          bulk.versions() == null ? new HashMap<>() : bulk.versions()));
      return;
    }
    boolean subscribe = single.equals("s");
    Map<String, Future<JsonObject>> replies = new LinkedHashMap<>();
    for (String id : bulk.ids()) {
      Long v = bulk.versions() == null ? null : bulk.versions().get(id);
      replies.put(id, read(new DocName(bulk.collection(), id), v, subscribe));
    }
    Future.join(List.copyOf(replies.values())).onComplete(ignored -> {
      if (bulk.versions() != null) {
        var failed = replies.values().stream().filter(Future::failed).findFirst();
        if (failed.isPresent()) {
          fail(message, readError(failed.get().cause()));
        } else {
          send(ShareDbReplies.bulkDone(bulk.action(), bulk.collection(), bulk.ids(), bulk.versions()));
        }
        return;
      }
      Map<String, JsonObject> byId = new LinkedHashMap<>();
      replies.forEach((id, reply) -> byId.put(id, reply.succeeded()
          ? reply.result().getJsonObject("data")
          : new JsonObject().put("error", readError(reply.cause()).toJson())));
      send(ShareDbReplies.bulkData(bulk.action(), bulk.collection(), byId));
    });
  }

  private void onSubmit(ShareDbRequest.Submit submit, Map<String, Object> message, Rights current) {
    DocName name = submit.name();
    if (!current.canWrite(name.doc())) {
      throw new ShareDbError(ShareDbError.FORBIDDEN, "token has no write right on " + name.doc());
    }
    if (!opRate.tryTake(System.nanoTime())) {
      throw new ShareDbError(ShareDbError.RATE_LIMITED,
          "more than " + backend.limits().opsPerSecond() + " ops per second; slow down and resend");
    }
    String opSrc = submit.src() != null ? submit.src() : src;
    OpenDoc doc = open(name);
    OpenDoc.PendingOp pending = new OpenDoc.PendingOp(opSrc, submit.seq(), submit.v());
    if (!doc.expect(pending)) {
      return;
    }
    boolean creating = submit.change() instanceof ShareDbRequest.Create;
    Future<Long> committed;
    if (submit.change() instanceof ShareDbRequest.Edit edit) {
      committed = backend.submit(name.doc(), submit.v(), opSrc, submit.seq(), edit.op(), submit.bytes(), current.user());
    } else if (submit.change() instanceof ShareDbRequest.Create create) {
      String type = ShareDbTypes.lockstepType(create.type()).orElse(null);
      if (type == null) {
        doc.forget(pending);
        closeIfIdle(doc);
        throw new ShareDbError(ShareDbError.DOC_TYPE_NOT_RECOGNIZED, "Lockstep has no type " + create.type()
            + "; use json0 or text-unicode");
      }
      committed = backend.create(name.doc(), type, create.data(), opSrc, submit.seq(), current.user());
    } else {
      committed = backend.delete(name.doc(), opSrc, submit.seq(), current.user());
    }
    committed.onComplete(ar -> {
      if (ar.succeeded()) {
        doc.committed(pending, ar.result());
      } else {
        doc.forget(pending);
        ShareDbError error = ShareDbError.from(ar.cause(), creating);
        for (int answered = 0; answered <= pending.repeats && !closed; answered++) {
          fail(message, error);
        }
      }
      closeIfIdle(doc);
    });
  }

  /**
   * Acknowledges an op of a document this connection does not subscribe to: the ops committed
   * between the client's version and the op go out first, since ShareDB's client expects them.
   */
  void acknowledgeWithCatchUp(OpenDoc doc, OpenDoc.PendingOp op) {
    if (op.baseV == null || op.baseV >= op.committedV - 1) {
      sendAck(doc.name, op, op.committedV);
      return;
    }
    backend.ops(doc.name.doc(), op.baseV, op.committedV - 1).onComplete(ar -> {
      if (ar.succeeded()) {
        ar.result().forEach(missed -> sendOp(doc.name, missed));
      }
      sendAck(doc.name, op, op.committedV);
    });
  }

  private void replySnapshot(String action, long requestId, DocName name, Future<Snapshot> snapshot, Map<String, Object> message) {
    snapshot.onComplete(ar -> {
      if (ar.failed()) {
        fail(message, readError(ar.cause()));
      } else if (!ShareDbTypes.openable(ar.result().type())) {
        fail(message, ShareDbTypes.notOpenable(name.doc(), ar.result().type()));
      } else {
        send(ShareDbReplies.snapshotFetch(action, requestId, ar.result()));
      }
    });
  }

  /** A failed read: {@code not_found} there means the history asked for is no longer kept. */
  private static ShareDbError readError(Throwable failure) {
    if (failure instanceof LockstepException e && e.code() == ErrorCode.NOT_FOUND) {
      return new ShareDbError(ShareDbError.HISTORY_TRIMMED, e.getMessage());
    }
    return ShareDbError.from(failure, false);
  }

  void sendAck(DocName name, OpenDoc.PendingOp op, long v) {
    send(ShareDbReplies.ack(name, op.src, op.seq, v));
  }

  void sendOp(DocName name, StoredOp op) {
    send(ShareDbReplies.op(name, op));
  }

  void sendFanoutOp(DocName name, FanoutOp op) {
    if (rights != null && rights.expired(System.currentTimeMillis())) {
      closeExpired();
      return;
    }
    byte[] message = loop.opMessages().encode(name, op);
    if (message == null) {
      // The document was re-created (over /sync) with a type ShareDB cannot load: the client
      // reconnects, resubscribes from its version and gets ERR_DOC_TYPE_NOT_RECOGNIZED.
      LOG.info("doc {}: re-created with a type ShareDB clients cannot load; closing a ShareDB connection", name.doc());
      close(CloseCodes.GOING_AWAY, "document re-created with another type; reconnect");
      return;
    }
    out.send(message);
  }

  /**
   * A document's stream broke. ShareDB's protocol cannot tell a client that a subscription ended,
   * so the connection closes: the client reconnects, resubscribes from its version and resends
   * what was not acknowledged, which is then acknowledged exactly once.
   */
  void streamBroken(OpenDoc doc, String why) {
    LOG.warn("doc {}: ShareDB subscription dropped: {}", doc.name.doc(), why);
    close(CloseCodes.GOING_AWAY, "live updates interrupted; reconnect");
  }

  void send(JsonObject message) {
    out.send(message.toBuffer().getBytes());
  }

  void fail(Map<String, Object> request, ShareDbError error) {
    send(ShareDbReplies.error(request, error));
    if (!errorBudget.spend(System.nanoTime())) {
      LOG.info("closing a ShareDB connection that earned too many errors");
      close(CloseCodes.POLICY_VIOLATION, "too many bad requests");
    }
  }

  private void closeExpired() {
    close(CloseCodes.TOKEN_EXPIRED, "token expired");
  }

  void close(short code, String reason) {
    if (!closed) {
      closed = true;
      out.close(code, reason);
    }
  }

  /**
   * The socket closed: leave every document fan-out and presence channel, and tell the channels
   * this client's presence is gone.
   */
  void onClose() {
    closed = true;
    context.owner().cancelTimer(tokenTimer);
    for (OpenDoc doc : List.copyOf(docs.values())) {
      if (doc.subscribed()) {
        backend.unfollow(doc.name.doc(), doc);
      }
    }
    docs.clear();
    presence.closeAll();
  }
}
