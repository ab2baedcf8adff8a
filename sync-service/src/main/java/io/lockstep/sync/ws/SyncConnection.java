package io.lockstep.sync.ws;

import io.lockstep.common.auth.Rights;
import io.lockstep.common.protocol.BadFrame;
import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.FrameFields;
import io.lockstep.common.protocol.LockstepException;
import io.lockstep.common.util.ContextHop;
import io.lockstep.common.util.Utf8;
import io.lockstep.edge.service.LiveConnections;
import io.lockstep.edge.ws.CloseCodes;
import io.lockstep.edge.ws.ConnectionToken;
import io.lockstep.edge.ws.ErrorBudget;
import io.lockstep.edge.ws.FlushingOutbound;
import io.lockstep.edge.ws.SocketWire;
import io.lockstep.sync.metrics.SyncMetrics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client WebSocket on {@code /sync}, on the event loop that accepted it: the dispatcher.
 * Parses each frame, checks that the connection may act (authenticated, not shutting down) and
 * hands the frame to its handler — {@link HelloHandler}, {@link SubscribeHandler},
 * {@link SubmitHandler} (acks kept by {@link AckBook}), {@link FetchHandler}. Every request gets a
 * reply or an error frame; nothing a client sends can throw out of here, and only repeated abuse
 * or a full outbound buffer closes the socket.
 */
final class SyncConnection implements LiveConnections.Drainable {
  private static final Logger LOG = LoggerFactory.getLogger(SyncConnection.class);

  private final ServerWebSocket ws;
  private final Context context;
  private final SyncConnections shared;
  private final Replies replies;
  private final ShutdownDrain drain;
  private final HelloHandler hello;
  private final SubscribeHandler subscribe;
  private final SubmitHandler submit;
  private final FetchHandler fetch;
  private final ConnectionToken token;

  SyncConnection(ServerWebSocket ws, SocketWire wire, Context context, SyncConnections shared) {
    this.ws = ws;
    this.context = context;
    this.shared = shared;
    var limits = shared.limits();
    SyncMetrics metrics = shared.metrics();
    FlushingOutbound out = new FlushingOutbound(ws, wire, shared.flusher(), limits.maxOutboundBytes(), metrics::slowConsumerClosed);
    this.replies = new Replies(out, new ErrorBudget(limits.maxErrorsPerMinute(), System.nanoTime()), metrics);
    Session session = new Session();
    this.drain = new ShutdownDrain(out);
    Subscriptions subscriptions = new Subscriptions();
    AckBook acks = new AckBook(subscriptions, replies);
    this.subscribe = new SubscribeHandler(subscriptions, shared.fanouts(), shared.sequencer(), acks, replies, metrics,
        limits.maxSubscriptions());
    this.token = new ConnectionToken(ws, context, shared.tokens(), () -> {
      replies.send(ServerFrames.error(null, null, ErrorCode.UNAUTHORIZED, "token expired"));
      out.close(CloseCodes.TOKEN_EXPIRED, "token expired");
    }, () -> out.close(CloseCodes.HELLO_TIMEOUT, "no hello"));
    this.hello = new HelloHandler(session, token, out, replies, shared.welcome(), subscribe::reapply);
    this.submit = new SubmitHandler(session, shared.sequencer(), acks, drain, replies, limits);
    this.fetch = new FetchHandler(shared.sequencer(), shared.history(), replies, limits);
  }

  /** Wires the socket's handlers; the connection lives until the socket closes. */
  void start() {
    shared.metrics().connectionOpened();
    token.opened(shared.helloTimeoutMs());
    ws.textMessageHandler(this::onText);
    ws.binaryMessageHandler(this::onBinary);
    ws.exceptionHandler(e -> LOG.debug("socket error: {}", e.getMessage()));
    ws.closeHandler(v -> onClose());
  }

  private void onBinary(Buffer data) {
    replies.fail(null, null, ErrorCode.BAD_REQUEST, "frames must be JSON text frames, not binary");
  }

  private void onText(String text) {
    int maxBytes = shared.limits().maxFrameBytes();
    int bytes = Utf8.length(text);
    if (bytes > maxBytes) {
      replies.fail(null, null, ErrorCode.TOO_LARGE, "frame of " + bytes + " bytes is over the limit of " + maxBytes);
      return;
    }
    ClientFrame frame;
    try {
      frame = ClientFrames.parse(FrameFields.decodeObject(text), bytes, shared.limits().maxOpComponents());
    } catch (BadFrame bad) {
      replies.fail(bad.re(), bad.target(), bad.code(), bad.getMessage());
      return;
    }
    try {
      dispatch(frame);
    } catch (LockstepException e) {
      replies.fail(frame.id(), docOf(frame), e.code(), e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("unexpected failure handling {} frame", frame.getClass().getSimpleName(), e);
      replies.fail(frame.id(), docOf(frame), ErrorCode.INTERNAL, "internal error");
    }
  }

  private void dispatch(ClientFrame frame) {
    if (frame instanceof ClientFrame.Hello h) {
      hello.onHello(h);
      return;
    }
    if (frame instanceof ClientFrame.Ping ping) {
      replies.send(ServerFrames.pong(ping.id()));
      return;
    }
    if (frame instanceof ClientFrame.Auth auth) {
      hello.onAuth(auth);
      return;
    }
    Rights rights = token.rights();
    if (drain.draining()) {
      throw new LockstepException(ErrorCode.UNAVAILABLE, "server is shutting down; reconnect");
    }
    if (frame instanceof ClientFrame.Sub sub) {
      subscribe.onSub(sub, rights);
    } else if (frame instanceof ClientFrame.Unsub unsub) {
      subscribe.onUnsub(unsub);
    } else if (frame instanceof ClientFrame.Op op) {
      submit.onOp(op, rights);
    } else if (frame instanceof ClientFrame.Create create) {
      submit.onCreate(create, rights);
    } else if (frame instanceof ClientFrame.Fetch f) {
      fetch.onFetch(f, rights);
    } else if (frame instanceof ClientFrame.Del del) {
      submit.onDelete(del, rights);
    } else if (frame instanceof ClientFrame.Snap snap) {
      fetch.onSnap(snap, rights);
    } else {
      throw new AssertionError(frame);
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
    if (frame instanceof ClientFrame.Del f) {
      return f.doc();
    }
    if (frame instanceof ClientFrame.Snap f) {
      return f.doc();
    }
    return null;
  }

  @Override
  public Future<Void> drainAndClose() {
    return ContextHop.call(context, drain::drain);
  }

  private void onClose() {
    token.closed();
    subscribe.closeAll();
    shared.metrics().connectionClosed();
    shared.connections().remove(this);
    drain.closed();
  }
}
