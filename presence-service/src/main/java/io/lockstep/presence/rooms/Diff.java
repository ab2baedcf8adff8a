package io.lockstep.presence.rooms;

import io.lockstep.common.engine.presence.Member;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * What changed in a room as this node's clients see it: members that joined, left or changed their
 * meta. Built by {@link RoomView}; pushed as one {@code presence} frame, encoded once for every
 * recipient.
 */
public final class Diff {
  final List<Member> join = new ArrayList<>();
  final List<Member> leave = new ArrayList<>();
  final List<Member> update = new ArrayList<>();

  public boolean isEmpty() {
    return join.isEmpty() && leave.isEmpty() && update.isEmpty();
  }

  public List<Member> join() {
    return join;
  }

  public List<Member> leave() {
    return leave;
  }

  public List<Member> update() {
    return update;
  }

  /** The conn when every entry is about that one member (then that member need not be told), else null. */
  String soleSubject() {
    String subject = null;
    for (List<Member> list : List.of(join, leave, update)) {
      for (Member m : list) {
        if (subject != null && !subject.equals(m.conn())) {
          return null;
        }
        subject = m.conn();
      }
    }
    return subject;
  }

  /** {@code {"t":"presence","room","join":[member…],"leave":[{conn,user}…],"update":[member…]}}. */
  public JsonObject toFrame(String room) {
    return new JsonObject().put("t", "presence").put("room", room)
        .put("join", members(join, false)).put("leave", members(leave, true)).put("update", members(update, false));
  }

  private static JsonArray members(List<Member> members, boolean leaves) {
    JsonArray list = new JsonArray();
    for (Member m : members) {
      list.add(leaves ? m.toLeaveJson() : m.toJson());
    }
    return list;
  }
}
