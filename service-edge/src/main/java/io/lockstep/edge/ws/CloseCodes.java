package io.lockstep.edge.ws;

/** The WebSocket close codes Lockstep's servers use (RFC 6455 §7.4.1). */
public final class CloseCodes {
  /** The server is shutting down; the client reconnects elsewhere. */
  public static final short GOING_AWAY = 1001;
  /** Repeated abuse, or a client that stopped reading (its outbound buffer is full). */
  public static final short POLICY_VIOLATION = 1008;
  /** The token passed its {@code exp} plus the grace without a refresh; reconnect with a fresh one. */
  public static final short TOKEN_EXPIRED = 4001;
  /** No accepted {@code hello} within the hello timeout (auth on); reconnect and say hello at once. */
  public static final short HELLO_TIMEOUT = 4002;

  private CloseCodes() {}
}
