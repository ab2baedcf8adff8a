package io.lockstep.common.engine.presence;

/**
 * Broker topic names for presence rooms: {@code presence:{<room>}} carries every change of the room
 * as a {@link PresenceChange}, in the room's version order. The braces make the room id a Redis Cluster
 * hash tag, the same slot as the room's keys; room ids cannot contain braces (see {@code Ids}).
 */
public final class PresenceTopics {
  private static final String PREFIX = "presence:{";

  private PresenceTopics() {}

  /** The topic carrying the changes of {@code room}. */
  public static String forRoom(String room) {
    return PREFIX + room + "}";
  }
}
