package io.lockstep.common.engine.presence;

/** The outcome of {@link PresenceStore#join}: joined (with the room as it is now), or refused because the room is full. */
public sealed interface JoinResult {

  /** The member is in the room; {@code room} lists every live member, the new one included, at the join's version. */
  record Joined(RoomSnapshot room) implements JoinResult {}

  /** The room already holds {@code maxMembers} live members; nothing changed. */
  record Full(int maxMembers) implements JoinResult {}
}
