package io.lockstep.common.engine.presence;

import java.util.List;

/**
 * The outcome of {@link PresenceStore#touch} and {@link PresenceStore#update}.
 *
 * @param epoch the room's epoch (see {@link RoomSnapshot#epoch()}), 0 when the room has no members
 * @param version the room's version after the call; nodes compare it with what they received to
 *     notice a change the broker lost
 * @param missing the connections that were asked for but are no longer in the room (removed, or
 *     expired and swept): nothing was written for them
 * @param msToFirstExpiry milliseconds, after the call, until the first member of the room expires
 *     (zero or less: one has expired and waits for {@link PresenceStore#expire}); {@link #NO_MEMBERS}
 *     when the room is empty. Lets a sweep skip {@code expire} while nothing can have expired.
 */
public record Refreshed(long epoch, long version, List<String> missing, long msToFirstExpiry) {
  /** {@link #msToFirstExpiry} of an empty room. */
  public static final long NO_MEMBERS = Long.MAX_VALUE;

  public Refreshed {
    missing = List.copyOf(missing);
  }

  /** Whether a member of the room has expired and is still stored. */
  public boolean expiryDue() {
    return msToFirstExpiry <= 0;
  }
}
