package io.lockstep.common.engine.presence;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One change of a room as the stores publish it on {@link PresenceTopics#forRoom}: the members that
 * joined, left or changed their meta, stamped with the room version the change produced. Every change
 * of a room gets the next version, so a node that receives version 7 after 5 knows it missed 6.
 *
 * <p>Encoded as {@code {"t":"presence","room","epoch","v","join":[member…],"leave":[{conn,user}…],"update":[member…]}}
 * (the Redis scripts write exactly this, so both stores publish the same bytes). Leaves carry only
 * {@code conn} and {@code user}.
 */
public record PresenceChange(
    String room, long epoch, long version, List<Member> join, List<Member> leave, List<Member> update) {

  public PresenceChange {
    Objects.requireNonNull(room, "room");
    join = List.copyOf(join);
    leave = List.copyOf(leave);
    update = List.copyOf(update);
  }

  /** The published form. */
  public Buffer encode() {
    return new JsonObject().put("t", "presence").put("room", room).put("epoch", epoch).put("v", version)
        .put("join", members(join, false)).put("leave", members(leave, true)).put("update", members(update, false))
        .toBuffer();
  }

  /**
   * Reads {@link #encode()}'s form.
   *
   * @throws IllegalArgumentException when {@code payload} is not a presence change
   */
  public static PresenceChange decode(Buffer payload) {
    try {
      JsonObject json = new JsonObject(payload);
      return new PresenceChange(json.getString("room"), json.getLong("epoch"), json.getLong("v"),
          members(json.getJsonArray("join")), members(json.getJsonArray("leave")), members(json.getJsonArray("update")));
    } catch (DecodeException | ClassCastException | NullPointerException e) {
      throw new IllegalArgumentException("not a presence change: " + e.getMessage(), e);
    }
  }

  private static JsonArray members(List<Member> members, boolean leaves) {
    JsonArray list = new JsonArray();
    for (Member m : members) {
      list.add(leaves ? m.toLeaveJson() : m.toJson());
    }
    return list;
  }

  private static List<Member> members(JsonArray list) {
    if (list == null) {
      return List.of();
    }
    List<Member> out = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      out.add(Member.fromJson(list.getJsonObject(i)));
    }
    return out;
  }
}
