package io.lockstep.presence.rooms;

/** Why a member left, as counted in the metrics ({@code lockstep_presence_leaves{cause=…}}). */
public enum LeaveCause {
  /** The client sent {@code leave}. */
  LEAVE("leave"),
  /** The socket closed (or the server is stopping), leaving every room at once. */
  CLOSE("close"),
  /** Its TTL ran out: the connection went silent, or the node that held it died. */
  EXPIRY("expiry");

  private final String tag;

  LeaveCause(String tag) {
    this.tag = tag;
  }

  public String tag() {
    return tag;
  }
}
