package io.lockstep.sync.ws;

import io.lockstep.common.auth.Rights;
import io.lockstep.common.protocol.BadFrame;
import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.FrameFields;
import io.lockstep.common.protocol.LockstepException;
import io.lockstep.common.util.ContextHop;
import io.lockstep.common.util.TokenBucket;
import io.lockstep.common.util.Utf8;
import io.lockstep.edge.service.LiveConnections;
import io.lockstep.edge.ws.ErrorBudget;
import io.lockstep.sync.SyncNode;
import io.lockstep.sync.fanout.DocFeeds;
import io.lockstep.sync.fanout.FeedOp;
import io.lockstep.sync.sequencer.OpsRange;
import io.lockstep.sync.sequencer.Submission;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client WebSocket on {@code /sync}: parse → authorize → dispatch, on the event loop that
 * accepted it. Every request gets a reply or an error frame; nothing a client sends can throw out
 * of here, and only repeated abuse or a full outbound buffer closes the socket.
 */
public final class SyncConnection implements LiveConnections.Drainable {
  private static final Logger LOG = LoggerFactory.getLogger(SyncConnection.class);
  /** A client further behind than this many ops gets a snapshot instead of a catch-up. */
  static final int MAX_CATCH_UP_OPS = 1_000;

  private final ServerWebSocket ws;
  private final SyncNode node;
  private final DocFeeds feeds;
  private final Context context;
  private final Outbound out;
  private final TokenBucket opRate;
  private final ErrorBudget errorBudget;
  private final Map<String, DocSubscription> subscriptions = new HashMap<>();
  private final Map<String, PendingAcks> pending = new HashMap<>();
  private Rights rights;
  private String src;
  private int inFlight;
  private boolean draining;
  private Promise<Void> drained;

  public SyncConnection(ServerWebSocket ws, SyncNode node, DocFeeds feeds, LoopFlusher flusher, Context context) {
    this.ws = ws;
    this.node = node;
    this.feeds = feeds;
    this.context = context;
    long now = System.nanoTime();
    var limits = node.config().limits();
    this.out = new Outbound(ws, flusher, limits.maxOutboundBytes(), node.metrics()::slowConsumerClosed);
    this.opRate = new TokenBucket(limits.opsPerSecond(), limits.opsBurst(), now);
    this.errorBudget = new ErrorBudget(limits.maxErrorsPerMinute(), now);
    this.rights = node.tokens().enabled() ? null : Rights.ALL;
  }

  /** Wires the socket's handlers; the connection lives until the socket closes. */
  public void start() {
    node.metrics().connectionOpened();
    ws.textMessageHandler(this::onText);
    ws.binaryMessageHandler(this::onBinary);
    ws.exceptionHandler(e -> LOG.debug("socket error: {}", e.getMessage()));
    ws.closeHandler(v -> onClose());
  }

  private void onBinary(Buffer data) {
    fail(null, null, ErrorCode.BAD_REQUEST, "frames must be JSON text frames, not binary");
  }

  private void onText(String text) {
    int maxBytes = node.config().limits().maxFrameBytes();
    int bytes = Utf8.length(text);
    if (bytes > maxBytes) {
      fail(null, null, ErrorCode.TOO_LARGE, "frame of " + bytes + " bytes is over the limit of " + maxBytes);
      return;
    }
    ClientFrame frame;
    try {
      frame = ClientFrames.parse(FrameFields.decodeObject(text), bytes, node.config().limits().maxOpComponents());
    } catch (BadFrame bad) {
      fail(bad.re(), bad.target(), bad.code(), bad.getMessage());
      return;
    }
    try {
      dispatch(frame);
    } catch (LockstepException e) {
      fail(frame.id(), docOf(frame), e.code(), e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("unexpected failure handling {} frame", frame.getClass().getSimpleName(), e);
      fail(frame.id(), docOf(frame), ErrorCode.INTERNAL, "internal error");
    }
  }


  private void dispatch(ClientFrame frame) {
    if (frame instanceof ClientFrame.Hello hello) {
      onHello(hello);
      return;
    }
    if (frame instanceof ClientFrame.Ping ping) {
      out.send(ServerFrames.pong(ping.id()));
      return;
    }
    Rights current = currentRights();
    if (draining) {
      throw new LockstepException(ErrorCode.UNAVAILABLE, "server is shutting down; reconnect");
    }
    if (frame instanceof ClientFrame.Sub sub) {
      onSub(sub, current);
    } else if (frame instanceof ClientFrame.Unsub unsub) {
      onUnsub(unsub);
    } else if (frame instanceof ClientFrame.Op op) {
      onOp(op, current);
    } else if (frame instanceof ClientFrame.Create create) {
      onCreate(create, current);
    } else if (frame instanceof ClientFrame.Fetch fetch) {
      onFetch(fetch, current);
    } else {
      throw new AssertionError(frame);
    }
  }

  private Rights currentRights() {
    if (rights == null) {
      throw new LockstepException(ErrorCode.UNAUTHORIZED, "send hello with a token first");
    }
    if (rights.expired(System.currentTimeMillis())) {
      throw new LockstepException(ErrorCode.UNAUTHORIZED, "token expired; send hello with a fresh token");
    }
    return rights;
  }

  private void onHello(ClientFrame.Hello hello) {
    if (src != null && hello.src() != null && !src.equals(hello.src())) {
      throw new LockstepException(ErrorCode.BAD_REQUEST, "src cannot change on an open connection");
    }
    ws.pause();
    ContextHop.resumeOn(context, node.tokens().verify(hello.token()))
        .onComplete(ar -> {
          ws.resume();
          if (ar.failed()) {
            // A refused token also ends the rights of the one before it.
            rights = node.tokens().enabled() ? null : Rights.ALL;
            failWith(hello.id(), null, ar.cause());
            return;
          }
          rights = ar.result();
          if (hello.src() != null) {
            src = hello.src();
          }
          if (hello.batch()) {
            out.allowBatches();
          }
          out.send(ServerFrames.welcome(hello.id(), node.config().nodeId(), node.config().heartbeatMs()));
        });
  }

  private void onSub(ClientFrame.Sub sub, Rights current) {
    String doc = sub.doc();
    requireRight(current.canRead(doc), "read", doc);
    DocSubscription previous = subscriptions.remove(doc);
    if (previous != null) {
      feeds.leave(doc, previous);
      node.metrics().unsubscribed(1);
    } else if (subscriptions.size() >= node.config().limits().maxSubscriptions()) {
      throw new LockstepException(ErrorCode.TOO_LARGE,
          "a connection may have " + node.config().limits().maxSubscriptions() + " documents open");
    }
    DocSubscription subscription = new DocSubscription(this, doc);
    subscriptions.put(doc, subscription);
    node.metrics().subscribed();
    Future<Long> replied = feeds.join(doc, subscription)
        .compose(ignored -> sub.v() == null ? sendSnapshot(sub.id(), doc, subscription) : sendCatchUp(sub, subscription));
    replied.onComplete(ar -> {
      if (subscriptions.get(doc) != subscription) {
        return;
      }
      if (ar.failed()) {
        dropSubscription(subscription);
        failWith(sub.id(), doc, ar.cause());
        return;
      }
      subscription.start(ar.result());
      ackCommittedBefore(doc, subscription.nextV());
    });
  }

  /** Replies with the snapshot; the result is its version. */
  private Future<Long> sendSnapshot(Long re, String doc, DocSubscription subscription) {
    return node.sequencers().snapshot(doc).map(snapshot -> {
      if (subscriptions.get(doc) == subscription) {
        out.send(ServerFrames.snapshot(re, snapshot));
      }
      return snapshot.v();
    });
  }

  /** Replies with the ops after the client's version, or a snapshot when they are no longer kept. */
  private Future<Long> sendCatchUp(ClientFrame.Sub sub, DocSubscription subscription) {
    long from = sub.v();
    return node.sequencers().ops(sub.doc(), from, Long.MAX_VALUE).compose(range -> {
      if (from > range.to()) {
        return Future.failedFuture(new LockstepException(ErrorCode.VERSION_AHEAD,
            "version " + from + " is ahead of the document's version " + range.to()));
      }
      if (!range.complete() || range.ops().size() > MAX_CATCH_UP_OPS) {
        // Far behind: a snapshot is smaller than the ops, and bounded.
        return sendSnapshot(sub.id(), sub.doc(), subscription);
      }
      if (subscriptions.get(sub.doc()) == subscription) {
        out.send(ServerFrames.ops(sub.id(), sub.doc(), from, range.ops()));
      }
      return Future.succeededFuture(range.to());
    });
  }

  private void onUnsub(ClientFrame.Unsub unsub) {
    DocSubscription subscription = subscriptions.get(unsub.doc());
    if (subscription != null) {
      dropSubscription(subscription);
    }
    out.send(ServerFrames.unsubbed(unsub.id(), unsub.doc()));
  }

  private void onOp(ClientFrame.Op op, Rights current) {
    requireRight(current.canWrite(op.doc()), "write", op.doc());
    String opSrc = op.src() != null ? op.src() : src;
    if (opSrc == null) {
      throw new LockstepException(ErrorCode.BAD_REQUEST, "op needs a src (in the op or in hello)");
    }
    requireRate();
    pendingFor(op.doc()).add(opSrc, op.seq(), op.id());
    inFlight++;
    node.sequencers().submit(new Submission(op.doc(), op.v(), opSrc, op.seq(), op.op(), op.bytes()))
        .onComplete(ar -> committed(op.doc(), opSrc, op.seq(), ar.succeeded() ? ar.result() : -1, ar.cause()));
  }

  private void onCreate(ClientFrame.Create create, Rights current) {
    requireRight(current.canWrite(create.doc()), "write", create.doc());
    requireRate();
    String createSrc = create.src() != null ? create.src() : src;
    long seq = createSrc == null ? 0 : create.seq();
    inFlight++;
    if (createSrc == null || seq <= 0) {
      node.sequencers().create(create.doc(), create.type(), create.data(), null, 0).onComplete(ar -> {
        finishedOne();
        if (ar.failed()) {
          failWith(create.id(), create.doc(), ar.cause());
        } else {
          out.send(ServerFrames.ack(create.id(), create.doc(), ar.result()));
        }
      });
      return;
    }
    pendingFor(create.doc()).add(createSrc, seq, create.id());
    node.sequencers().create(create.doc(), create.type(), create.data(), createSrc, seq)
        .onComplete(ar -> committed(create.doc(), createSrc, seq, ar.succeeded() ? ar.result() : -1, ar.cause()));
  }

  /**
   * The sequencer's answer for a submitted op. On a live subscription the ack waits for the stream
   * to reach the op (see {@link PendingAcks}); otherwise it goes out now.
   */
  private void committed(String doc, String opSrc, long seq, long v, Throwable failure) {
    finishedOne();
    PendingAcks acks = pending.get(doc);
    PendingAcks.Pending waiting = acks == null ? null : acks.get(opSrc, seq);
    if (waiting == null) {
      return;
    }
    if (failure != null) {
      acks.remove(opSrc, seq);
      waiting.ids.forEach(id -> failWith(id, doc, failure));
      return;
    }
    DocSubscription subscription = subscriptions.get(doc);
    if (subscription == null || (subscription.live() && v < subscription.nextV())) {
      acks.remove(opSrc, seq);
      waiting.ids.forEach(id -> out.send(ServerFrames.ack(id, doc, v)));
    } else {
      waiting.committedV = v;
    }
  }

  /** A live op for a subscriber: the connection's own op becomes its ack, any other op is sent as is. */
  void deliver(DocSubscription subscription, FeedOp op) {
    PendingAcks acks = pending.get(subscription.doc);
    PendingAcks.Pending own = acks == null || acks.isEmpty() ? null : acks.remove(op.src(), op.seq());
    if (own != null) {
      own.ids.forEach(id -> out.send(ServerFrames.ack(id, subscription.doc, op.v())));
      return;
    }
    out.send(op.frame());
  }

  /** After a subscription starts or ends, acks whose op the stream will not bring go out now. */
  private void ackCommittedBefore(String doc, long nextV) {
    PendingAcks acks = pending.get(doc);
    if (acks == null) {
      return;
    }
    for (var entry : acks.takeCommittedBefore(nextV)) {
      entry.getValue().ids.forEach(id -> out.send(ServerFrames.ack(id, doc, entry.getKey())));
    }
  }

  /**
   * The stream of a document broke. Its waiting acks are dropped, not sent: an ack must not
   * overtake ops the client never got. The client resubscribes from its version, finds its
   * committed ops in the catch-up, and resends the others, which are acked then.
   */
  void subscriptionBroken(DocSubscription subscription, String why) {
    if (subscriptions.get(subscription.doc) != subscription) {
      return;
    }
    LOG.warn("doc {}: subscription dropped: {}", subscription.doc, why);
    fail(null, subscription.doc, ErrorCode.UNAVAILABLE, "live updates interrupted; subscribe again from your version");
    pending.remove(subscription.doc);
    subscriptions.remove(subscription.doc);
    feeds.leave(subscription.doc, subscription);
    node.metrics().unsubscribed(1);
  }

  private void dropSubscription(DocSubscription subscription) {
    subscriptions.remove(subscription.doc);
    feeds.leave(subscription.doc, subscription);
    node.metrics().unsubscribed(1);
    ackCommittedBefore(subscription.doc, Long.MAX_VALUE);
  }

  private void onFetch(ClientFrame.Fetch fetch, Rights current) {
    requireRight(current.canRead(fetch.doc()), "read", fetch.doc());
    node.sequencers().ops(fetch.doc(), fetch.from(), fetch.to()).onComplete(ar -> {
      if (ar.failed()) {
        failWith(fetch.id(), fetch.doc(), ar.cause());
        return;
      }
      OpsRange range = ar.result();
      if (!range.complete()) {
        fail(fetch.id(), fetch.doc(), ErrorCode.NOT_FOUND,
            "ops after version " + fetch.from() + " are no longer retained; subscribe for a snapshot");
        return;
      }
      out.send(ServerFrames.ops(fetch.id(), fetch.doc(), fetch.from(), range.ops()));
    });
  }

  private PendingAcks pendingFor(String doc) {
    return pending.computeIfAbsent(doc, d -> new PendingAcks());
  }

  private void requireRight(boolean allowed, String right, String doc) {
    if (!allowed) {
      throw new LockstepException(ErrorCode.FORBIDDEN, "token has no " + right + " right on " + doc);
    }
  }

  private void requireRate() {
    if (!opRate.tryTake(System.nanoTime())) {
      throw new LockstepException(ErrorCode.RATE_LIMITED,
          "more than " + node.config().limits().opsPerSecond() + " ops per second; slow down and resend");
    }
  }

  private void failWith(Long re, String doc, Throwable cause) {
    if (cause instanceof LockstepException e) {
      fail(re, doc, e.code(), e.getMessage());
    } else {
      LOG.error("doc {}: unexpected failure", doc, cause);
      fail(re, doc, ErrorCode.INTERNAL, "internal error");
    }
  }

  private void fail(Long re, String doc, ErrorCode code, String message) {
    node.metrics().error(code);
    out.send(ServerFrames.error(re, doc, code, message));
    if (!errorBudget.spend(System.nanoTime())) {
      LOG.info("closing a connection that earned too many errors");
      out.close(Outbound.POLICY_VIOLATION, "too many bad requests");
    }
  }

  private static String docOf(ClientFrame frame) {
    if (frame instanceof ClientFrame.Sub f) {
      return f.doc();
    }
    if (frame instanceof ClientFrame.Op f) {
      return f.doc();
    }
    if (frame instanceof ClientFrame.Create f) {
      return f.doc();
    }
    if (frame instanceof ClientFrame.Fetch f) {
      return f.doc();
    }
    if (frame instanceof ClientFrame.Unsub f) {
      return f.doc();
    }
    return null;
  }

  private void finishedOne() {
    inFlight--;
    if (draining && inFlight == 0 && drained != null) {
      out.close(Outbound.GOING_AWAY, "server shutting down");
      drained.tryComplete();
    }
  }

  @Override
  public Future<Void> drainAndClose() {
    return ContextHop.call(context, () -> {
      draining = true;
      drained = Promise.promise();
      if (inFlight == 0) {
        out.close(Outbound.GOING_AWAY, "server shutting down");
        drained.tryComplete();
      }
      return drained.future();
    });
  }

  private void onClose() {
    for (DocSubscription subscription : List.copyOf(subscriptions.values())) {
      feeds.leave(subscription.doc, subscription);
    }
    node.metrics().unsubscribed(subscriptions.size());
    subscriptions.clear();
    node.metrics().connectionClosed();
    node.connections().remove(this);
    if (drained != null) {
      drained.tryComplete();
    }
  }

}
