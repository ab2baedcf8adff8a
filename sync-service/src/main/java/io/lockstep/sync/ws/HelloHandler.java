package io.lockstep.sync.ws;

import io.lockstep.common.auth.Rights;
import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.LockstepException;
import io.lockstep.edge.ws.ConnectionToken;
import io.lockstep.edge.ws.FlushingOutbound;
import java.util.function.Consumer;

/**
 * {@code hello} and {@code auth}: has the {@link ConnectionToken} verify the token, records the
 * connection's {@code src} in its {@link Session}, and answers {@code welcome} (with the token's
 * {@code exp}) or {@code authed}. Every accepted token is re-applied to what the connection already
 * holds ({@code onNewRights}) before the reply.
 */
final class HelloHandler {
  /** What {@code welcome} tells the client about this server. */
  record Welcome(String nodeId, int heartbeatMs) {}

  private final Session session;
  private final ConnectionToken token;
  private final FlushingOutbound out;
  private final Replies replies;
  private final Welcome welcome;
  private final Consumer<Rights> onNewRights;

  HelloHandler(Session session, ConnectionToken token, FlushingOutbound out, Replies replies, Welcome welcome,
      Consumer<Rights> onNewRights) {
    this.session = session;
    this.token = token;
    this.out = out;
    this.replies = replies;
    this.welcome = welcome;
    this.onNewRights = onNewRights;
  }

  void onHello(ClientFrame.Hello hello) {
    String src = session.src();
    if (src != null && hello.src() != null && !src.equals(hello.src())) {
      throw new LockstepException(ErrorCode.BAD_REQUEST, "src cannot change on an open connection");
    }
    token.verify(hello.token()).onComplete(ar -> {
      if (ar.failed()) {
        token.refused();
        replies.failWith(hello.id(), null, ar.cause());
        return;
      }
      onNewRights.accept(ar.result());
      if (hello.src() != null) {
        session.named(hello.src());
      }
      if (hello.batch()) {
        out.allowBatches();
      }
      replies.send(ServerFrames.welcome(hello.id(), welcome.nodeId(), welcome.heartbeatMs(),
          ConnectionToken.exp(ar.result())));
    });
  }

  /**
   * {@code auth}: a fresh token replaces the connection's rights; {@code authed} answers. A refused
   * token is an {@code unauthorized} error and changes nothing: the previous token keeps its rights
   * until it expires.
   */
  void onAuth(ClientFrame.Auth auth) {
    token.verify(auth.token()).onComplete(ar -> {
      if (ar.failed()) {
        replies.failWith(auth.id(), null, ar.cause());
        return;
      }
      onNewRights.accept(ar.result());
      replies.send(ServerFrames.authed(auth.id(), ConnectionToken.exp(ar.result())));
    });
  }
}
