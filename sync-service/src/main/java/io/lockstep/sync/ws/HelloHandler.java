package io.lockstep.sync.ws;

import io.lockstep.common.auth.Rights;
import io.lockstep.common.auth.TokenVerifier;
import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.LockstepException;
import io.lockstep.common.util.ContextHop;
import io.lockstep.edge.ws.FlushingOutbound;
import io.vertx.core.Context;
import io.vertx.core.http.ServerWebSocket;
import java.util.function.Consumer;

/**
 * {@code hello} and {@code auth}: verifies the token, records the connection's rights and
 * {@code src} in its {@link Session}, and answers {@code welcome} (with the token's {@code exp}) or
 * {@code authed}. The socket is paused while the token is checked, so no frame is handled with the
 * rights of a token about to be replaced. Every accepted token is watched by {@link TokenExpiry} and
 * re-applied to what the connection already holds ({@code onNewRights}).
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

  private final TokenExpiry expiry;
  private final Consumer<Rights> onNewRights;

  HelloHandler(ServerWebSocket ws, Context context, Session session, TokenVerifier tokens, FlushingOutbound out,
      Replies replies, Welcome welcome, TokenExpiry expiry, Consumer<Rights> onNewRights) {
    this.expiry = expiry;
    this.onNewRights = onNewRights;
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
          accepted(ar.result());
          if (hello.src() != null) {
            session.named(hello.src());
          }
          if (hello.batch()) {
            out.allowBatches();
          }
          replies.send(ServerFrames.welcome(hello.id(), welcome.nodeId(), welcome.heartbeatMs(),
              TokenExpiry.exp(ar.result())));
        });
  }

  /**
   * {@code auth}: a fresh token replaces the connection's rights; {@code authed} answers. A refused
   * token is an {@code unauthorized} error and changes nothing: the previous token keeps its rights
   * until it expires.
   */
  void onAuth(ClientFrame.Auth auth) {
    ws.pause();
    ContextHop.resumeOn(context, tokens.verify(auth.token()))
        .onComplete(ar -> {
          ws.resume();
          if (ar.failed()) {
            replies.failWith(auth.id(), null, ar.cause());
            return;
          }
          accepted(ar.result());
          replies.send(ServerFrames.authed(auth.id(), TokenExpiry.exp(ar.result())));
        });
  }

  private void accepted(Rights rights) {
    session.authenticated(rights);
    expiry.watch(rights);
    onNewRights.accept(rights);
  }
}
