package io.lockstep.sync.ws;

import io.lockstep.common.auth.JwtTokenVerifier;
import io.lockstep.common.auth.Rights;
import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.edge.ws.FlushingOutbound;
import io.vertx.core.Context;

/**
 * Ends a connection whose token ran out (docs/protocol.md, token refresh): at the token's
 * {@code exp} plus the grace (the verifier's leeway) the client gets
 * {@code err unauthorized "token expired"} and the socket is closed with {@link #TOKEN_EXPIRED}, unless
 * an {@code auth} (or {@code hello}) frame brought a fresh token first. Without this, an expired
 * connection kept receiving every op of its subscriptions.
 */
final class TokenExpiry {
  /** WebSocket close code for an expired token (4000–4999 are the application's). */
  static final short TOKEN_EXPIRED = 4001;

  private final Context context;
  private final Replies replies;
  private final FlushingOutbound out;
  private long timer = -1;

  TokenExpiry(Context context, Replies replies, FlushingOutbound out) {
    this.context = context;
    this.replies = replies;
    this.out = out;
  }

  /** Watches {@code rights}' expiry instead of the previous token's; call on the connection's context. */
  void watch(Rights rights) {
    cancel();
    if (rights.expiresAtMs() == Long.MAX_VALUE) {
      return;
    }
    long delay = Math.max(1, rights.expiresAtMs() - System.currentTimeMillis());
    timer = context.owner().setTimer(delay, id -> expire());
  }

  void cancel() {
    if (timer >= 0) {
      context.owner().cancelTimer(timer);
      timer = -1;
    }
  }

  private void expire() {
    timer = -1;
    replies.send(ServerFrames.error(null, null, ErrorCode.UNAUTHORIZED, "token expired"));
    out.close(TOKEN_EXPIRED, "token expired");
  }

  /** The token's own {@code exp} in epoch ms, as {@code welcome} and {@code authed} carry it; null for none. */
  static Long exp(Rights rights) {
    return rights.expiresAtMs() == Long.MAX_VALUE ? null
        : rights.expiresAtMs() - JwtTokenVerifier.LEEWAY_SECONDS * 1000L;
  }
}
