package io.lockstep.common.engine.presence;

import java.util.List;

/**
 * Every live member of a room at one room version, read atomically.
 *
 * @param epoch identifies one lifetime of the room's version counter: a room that emptied (or whose
 *     data was lost with a Redis restart) starts again at version 1 with a larger epoch, so a node
 *     holding an older epoch knows its versions no longer compare; 0 for a room without members
 * @param version the room's version when it was read: every change up to it is reflected, none after
 * @param members the live members, in no particular order
 */
public record RoomSnapshot(long epoch, long version, List<StoredMember> members) {
  public RoomSnapshot {
    members = List.copyOf(members);
  }

  /** A room nobody is in. */
  public static final RoomSnapshot EMPTY = new RoomSnapshot(0, 0, List.of());
}
