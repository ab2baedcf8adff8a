package io.lockstep.edge.ws;

import io.lockstep.common.auth.JwtTokenVerifier;
import io.lockstep.common.auth.Rights;
import io.lockstep.common.auth.TokenVerifier;
import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.LockstepException;
import io.lockstep.common.util.ContextHop;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.http.ServerWebSocket;

/**
 * The token of one WebSocket connection ({@code /sync}, {@code /presence}; docs/protocol.md, token
 * refresh): its rights, and the two clocks that end a connection without a good one. A connection
 * that has no accepted token {@code helloTimeoutMs} after it opened (auth on) is closed by
 * {@code onHelloMissed}; at an accepted token's {@code exp} plus the grace (the verifier's leeway)
 * {@code onExpired} ends it, unless a fresh token ({@code auth} or {@code hello}) came first. Without
 * these, an expired connection kept receiving every op of its subscriptions and kept its presence,
 * and a socket that never said hello held its slot forever. Called on the connection's context only.
 */
public final class ConnectionToken {
  private final ServerWebSocket ws;
  private final Context context;
  private final TokenVerifier tokens;
  private final Runnable onExpired;
  private final Runnable onHelloMissed;
  private Rights rights;
  private long expiryTimer = -1;
  private long helloTimer = -1;

  /**
   * @param onExpired tells the client and closes with {@link CloseCodes#TOKEN_EXPIRED}
   * @param onHelloMissed closes with {@link CloseCodes#HELLO_TIMEOUT}
   */
  public ConnectionToken(ServerWebSocket ws, Context context, TokenVerifier tokens, Runnable onExpired,
      Runnable onHelloMissed) {
    this.ws = ws;
    this.context = context;
    this.tokens = tokens;
    this.onExpired = onExpired;
    this.onHelloMissed = onHelloMissed;
    this.rights = tokens.enabled() ? null : Rights.ALL;
  }

  /** Starts the hello clock (auth on only: without a key {@code hello} is optional). */
  public void opened(long helloTimeoutMs) {
    if (tokens.enabled()) {
      helloTimer = context.owner().setTimer(helloTimeoutMs, id -> {
        helloTimer = -1;
        onHelloMissed.run();
      });
    }
  }

  /** The rights to act with now; fails with {@code unauthorized} before a token or once it expired. */
  public Rights rights() {
    if (rights == null) {
      throw new LockstepException(ErrorCode.UNAUTHORIZED, "send hello with a token first");
    }
    if (rights.expired(System.currentTimeMillis())) {
      throw new LockstepException(ErrorCode.UNAUTHORIZED, "token expired; send auth (or hello) with a fresh token");
    }
    return rights;
  }

  /**
   * Verifies {@code token} with the socket paused, so no frame is handled with the rights of a token
   * about to be replaced. Accepted, it becomes the connection's token and its expiry is watched; the
   * result completes on the connection's context. A refused token changes nothing.
   */
  public Future<Rights> verify(String token) {
    ws.pause();
    return ContextHop.resumeOn(context, tokens.verify(token)).andThen(ar -> {
      ws.resume();
      if (ar.succeeded()) {
        accepted(ar.result());
      }
    });
  }

  /** A refused {@code hello} also ends the rights of the token before it. */
  public void refused() {
    rights = tokens.enabled() ? null : Rights.ALL;
  }

  /** The socket closed: stops both clocks. */
  public void closed() {
    cancel(expiryTimer);
    expiryTimer = -1;
    cancel(helloTimer);
    helloTimer = -1;
  }

  private void accepted(Rights granted) {
    rights = granted;
    cancel(helloTimer);
    helloTimer = -1;
    cancel(expiryTimer);
    expiryTimer = -1;
    if (granted.expiresAtMs() != Long.MAX_VALUE) {
      long delay = Math.max(1, granted.expiresAtMs() - System.currentTimeMillis());
      expiryTimer = context.owner().setTimer(delay, id -> {
        expiryTimer = -1;
        onExpired.run();
      });
    }
  }

  private void cancel(long timer) {
    if (timer >= 0) {
      context.owner().cancelTimer(timer);
    }
  }

  /** The token's own {@code exp} in epoch ms, as {@code welcome} and {@code authed} carry it; null for none. */
  public static Long exp(Rights rights) {
    return rights.expiresAtMs() == Long.MAX_VALUE ? null
        : rights.expiresAtMs() - JwtTokenVerifier.LEEWAY_SECONDS * 1000L;
  }
}
