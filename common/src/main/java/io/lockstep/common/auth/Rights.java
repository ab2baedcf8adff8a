package io.lockstep.common.auth;

import java.util.List;

/**
 * What one authenticated caller may do, from the {@code lockstep} claim of its token
 * (PROTOCOL.md §5). Rights are separate: {@code write} does not imply {@code read}.
 *
 * @param user the token's {@code sub}
 * @param expiresAtMs when the token stops being accepted, in epoch milliseconds: its {@code exp}
 *     plus the verifier's leeway, or {@link Long#MAX_VALUE} without one
 */
public record Rights(
    String user,
    long expiresAtMs,
    List<IdPattern> read,
    List<IdPattern> write,
    List<IdPattern> presence,
    List<IdPattern> publish) {

  private static final List<IdPattern> EVERYTHING = List.of(new IdPattern("*"));

  /** Development mode: no key configured, everything allowed. */
  public static final Rights ALL =
      new Rights("anonymous", Long.MAX_VALUE, EVERYTHING, EVERYTHING, EVERYTHING, EVERYTHING);

  public Rights {
    read = List.copyOf(read);
    write = List.copyOf(write);
    presence = List.copyOf(presence);
    publish = List.copyOf(publish);
  }

  public boolean canRead(String doc) {
    return any(read, doc);
  }

  public boolean canWrite(String doc) {
    return any(write, doc);
  }

  public boolean canJoin(String room) {
    return any(presence, room);
  }

  public boolean canPublish(String channel) {
    return any(publish, channel);
  }

  public boolean expired(long nowMs) {
    return nowMs >= expiresAtMs;
  }

  private static boolean any(List<IdPattern> patterns, String id) {
    for (IdPattern p : patterns) {
      if (p.matches(id)) {
        return true;
      }
    }
    return false;
  }
}
