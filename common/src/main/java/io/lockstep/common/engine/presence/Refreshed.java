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
 */
public record Refreshed(long epoch, long version, List<String> missing) {
  public Refreshed {
    missing = List.copyOf(missing);
  }
}
