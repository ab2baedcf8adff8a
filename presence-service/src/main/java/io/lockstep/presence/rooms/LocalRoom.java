package io.lockstep.presence.rooms;

import io.lockstep.common.engine.broker.Subscription;
import io.lockstep.common.engine.presence.Member;
import io.lockstep.common.engine.presence.Refreshed;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One room as one event loop serves it: the local members (connections of this loop in the room),
 * the {@link RoomView} they were told, the broker subscription that keeps the view current, and the
 * meta updates waiting for the next coalescing tick. Not thread-safe: owned by its loop.
 */
final class LocalRoom {
  /** A local member: its connection, its member data, and whether it already got its {@code members} reply. */
  static final class Local {
    final Recipient recipient;
    Member member;
    boolean listening;

    Local(Recipient recipient, Member member) {
      this.recipient = recipient;
      this.member = member;
    }
  }

  final String name;
  final RoomView view = new RoomView();
  final Map<String, Local> locals = new HashMap<>();
  /** The latest meta of each member that changed it since the last tick, in arrival order. */
  final Map<String, Member> pendingMeta = new LinkedHashMap<>();
  Future<Subscription> subscription;
  /** One store update in flight per room, so a member's later meta can never be overtaken by an older one. */
  boolean flushing;
  boolean listing;
  /** The store's epoch and version seen at the previous sweep while the view was behind, or null. */
  Refreshed suspect;

  LocalRoom(String name) {
    this.name = name;
  }

  /** Local members that got their {@code members} reply, who therefore receive the room's diffs. */
  List<Local> listeners() {
    List<Local> out = new ArrayList<>(locals.size());
    for (Local local : locals.values()) {
      if (local.listening) {
        out.add(local);
      }
    }
    return out;
  }

  /**
   * Sends {@code diff} to every listener as one frame, encoded once, except to a member that is the
   * diff's only subject (it knows its own change). Returns how many frames were written.
   */
  int push(Diff diff) {
    if (diff.isEmpty()) {
      return 0;
    }
    String subject = diff.soleSubject();
    byte[] frame = null;
    int pushed = 0;
    for (Local local : locals.values()) {
      if (!local.listening || local.member.conn().equals(subject)) {
        continue;
      }
      if (frame == null) {
        frame = diff.toFrame(name).encode().getBytes(StandardCharsets.UTF_8);
      }
      local.recipient.push(frame);
      pushed++;
    }
    return pushed;
  }
}
