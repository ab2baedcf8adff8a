package io.lockstep.sync.ws;

import io.lockstep.common.auth.TokenVerifier;
import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.LockstepException;
import io.lockstep.common.util.ContextHop;
import io.lockstep.edge.ws.FlushingOutbound;
import io.vertx.core.Context;
import io.vertx.core.http.ServerWebSocket;

/**
 * {@code hello}: verifies the token, records the connection's rights and {@code src} in its
 * {@link Session}, and answers {@code welcome}. The socket is paused while the token is checked,
 * so no frame is handled with the rights of a token about to be replaced.
 */
final class HelloHandler {
  /** What {@code welcome} tells the client about this server. */
  record Welcome(String nodeId, int heartbeatMs) {}

  private final ServerWebSocket ws;
  private final Context context;
  private final Session session;
  private final TokenVerifier tokens;
  private final FlushingOutbound out;
  private final Replies replies;
  private final Welcome welcome;

  HelloHandler(ServerWebSocket ws, Context context, Session session, TokenVerifier tokens, FlushingOutbound out, Replies replies,
      Welcome welcome) {
    this.ws = ws;
    this.context = context;
    this.session = session;
    this.tokens = tokens;
    this.out = out;
    this.replies = replies;
    this.welcome = welcome;
  }

  void onHello(ClientFrame.Hello hello) {
    String src = session.src();
    if (src != null && hello.src() != null && !src.equals(hello.src())) {
      throw new LockstepException(ErrorCode.BAD_REQUEST, "src cannot change on an open connection");
    }
    ws.pause();
    ContextHop.resumeOn(context, tokens.verify(hello.token()))
        .onComplete(ar -> {
          ws.resume();
          if (ar.failed()) {
            session.refused();
            replies.failWith(hello.id(), null, ar.cause());
            return;
          }
          session.authenticated(ar.result());
          if (hello.src() != null) {
            session.named(hello.src());
          }
          if (hello.batch()) {
            out.allowBatches();
          }
          replies.send(ServerFrames.welcome(hello.id(), welcome.nodeId(), welcome.heartbeatMs()));
        });
  }
}
