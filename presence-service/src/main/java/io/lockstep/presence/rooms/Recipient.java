package io.lockstep.presence.rooms;

/** A local member's connection, as the rooms of its event loop see it. Called on that loop only. */
public interface Recipient {

  /** The connection id, which is the member's {@code conn}. */
  String conn();

  /** Sends an encoded {@code presence} frame; the same bytes go to every recipient of the room. */
  void push(byte[] frame);

  /** The connection is no longer in {@code room} although it did not leave: its TTL ran out, or the store lost it. */
  void expelled(String room);

  /** Milliseconds since the connection's last frame (any frame counts as a heartbeat). */
  long silentForMs();
}
