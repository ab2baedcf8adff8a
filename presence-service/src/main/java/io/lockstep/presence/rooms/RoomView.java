package io.lockstep.presence.rooms;

import io.lockstep.common.engine.presence.Member;
import io.lockstep.common.engine.presence.PresenceChange;
import io.lockstep.common.engine.presence.RoomSnapshot;
import io.lockstep.common.engine.presence.StoredMember;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A room as this node's clients were told it: the members announced to them, each with the room
 * version of the change that told them. It merges the two ways a node learns about a room, which may
 * arrive in any order relative to each other: changes from the broker (in version order, but some may
 * be lost) and listings from the store (complete at one version). The rule is last-writer-wins by
 * version per member, with tombstones for members that left, so neither source can undo a newer fact
 * from the other, and every join and leave is told once.
 *
 * <pre>
 *   broker:   ... v5 v6 [v7 lost] v8 ...   -&gt; v8 applied, gap 7 noticed -&gt; needs a listing
 *   listing:  members at v9                -&gt; members up to v9 settled, contiguous = 9
 * </pre>
 *
 * <p>{@code contiguous} is the version up to which every change is reflected; a change at or below it
 * is ignored, one right above it advances it, one further above is applied and remembered until the
 * versions in between arrive or a listing covers them. A listing older than one already applied is
 * ignored. A change or listing of a newer epoch (the room emptied and was reborn, or the store lost it)
 * starts the view over from a listing. Not thread-safe: owned by one event loop.
 */
final class RoomView {
  private final Map<String, StoredMember> members = new HashMap<>();
  /** Members that left, by the version of their leave; kept until a listing covers that version. */
  private final Map<String, Long> tombstones = new HashMap<>();
  /** Versions applied above {@link #contiguous}: the holes below them are changes not received yet. */
  private final TreeSet<Long> ahead = new TreeSet<>();
  /** Changes received before the first listing, replayed on top of it. */
  private final List<PresenceChange> early = new ArrayList<>();
  private boolean synced;
  private long epoch;
  private long contiguous;
  /** Version of the latest listing applied in this epoch. */
  private long floor;
  private boolean needsListing;

  /** The members as told, in no particular order. */
  List<Member> members() {
    List<Member> list = new ArrayList<>(members.size());
    members.values().forEach(m -> list.add(m.member()));
    return list;
  }

  /** Whether a change was lost or the room has a new epoch: only a listing settles the view again. */
  boolean needsListing() {
    return needsListing;
  }

  /** Whether the store is at a version this view has not fully received (a check run each sweep). */
  boolean behind(long storeEpoch, long storeVersion) {
    return synced && (storeEpoch != epoch || storeVersion > contiguous);
  }

  /** Whether every change up to {@code version} of {@code storeEpoch} is reflected. */
  boolean reached(long storeEpoch, long version) {
    return synced && storeEpoch == epoch && contiguous >= version;
  }

  /** Applies a change from the broker; returns what the clients must be told. */
  Diff apply(PresenceChange change) {
    Diff diff = new Diff();
    if (!synced) {
      early.add(change);
      return diff;
    }
    if (change.epoch() > epoch && change.version() == 1 && members.isEmpty()) {
      // The room emptied (as told here) and was reborn: this is the first change of its new life.
      startEpoch(change.epoch());
    } else if (change.epoch() != epoch) {
      // Otherwise a newer epoch restarts the versions, and only a listing can tell what the room is now.
      needsListing |= change.epoch() > epoch;
      return diff;
    }
    long v = change.version();
    if (v <= contiguous || ahead.contains(v)) {
      return diff;
    }
    if (v == contiguous + 1) {
      contiguous = v;
      absorbAhead();
    } else {
      ahead.add(v);
      needsListing = true;
    }
    for (Member m : change.join()) {
      present(m, v, diff);
    }
    for (Member m : change.update()) {
      present(m, v, diff);
    }
    for (Member m : change.leave()) {
      left(m.conn(), v, diff);
    }
    return diff;
  }

  /** Applies a listing from the store; returns what the clients must be told. */
  Diff applySnapshot(RoomSnapshot snapshot) {
    Diff diff = new Diff();
    if (synced && snapshot.epoch() == epoch && snapshot.version() < floor) {
      return diff;
    }
    if (synced && snapshot.epoch() != epoch && snapshot.epoch() != 0 && snapshot.epoch() < epoch) {
      return diff;
    }
    if (!synced || snapshot.epoch() != epoch) {
      startEpoch(snapshot.epoch());
    }
    long v = snapshot.version();
    Map<String, StoredMember> listed = new HashMap<>();
    for (StoredMember s : snapshot.members()) {
      listed.put(s.member().conn(), s);
      present(s.member(), s.version(), diff);
    }
    // Told members the listing lacks left by its version, unless we heard of them after it.
    for (StoredMember told : List.copyOf(members.values())) {
      String conn = told.member().conn();
      if (!listed.containsKey(conn) && told.version() <= v) {
        members.remove(conn);
        diff.leave.add(told.member());
      }
    }
    floor = v;
    contiguous = Math.max(contiguous, v);
    absorbAhead();
    tombstones.values().removeIf(left -> left <= v);
    needsListing = !ahead.isEmpty();
    boolean first = !synced;
    synced = true;
    if (first) {
      List<PresenceChange> replay = List.copyOf(early);
      early.clear();
      for (PresenceChange change : replay) {
        merge(diff, apply(change));
      }
    }
    return diff;
  }

  private void startEpoch(long newEpoch) {
    // Versions of the old epoch mean nothing in the new one: what was told stays told, but any
    // listing entry or change of the new epoch wins over it.
    epoch = newEpoch;
    contiguous = 0;
    floor = 0;
    ahead.clear();
    tombstones.clear();
    for (Map.Entry<String, StoredMember> e : members.entrySet()) {
      e.setValue(new StoredMember(e.getValue().member(), 0));
    }
  }

  private void present(Member m, long v, Diff diff) {
    Long leftAt = tombstones.get(m.conn());
    if (leftAt != null && leftAt >= v) {
      return;
    }
    StoredMember told = members.get(m.conn());
    if (told == null) {
      members.put(m.conn(), new StoredMember(m, v));
      tombstones.remove(m.conn());
      diff.join.add(m);
    } else if (told.version() < v) {
      members.put(m.conn(), new StoredMember(m, v));
      if (!told.member().equals(m)) {
        diff.update.add(m);
      }
    }
  }

  private void left(String conn, long v, Diff diff) {
    StoredMember told = members.get(conn);
    if (told != null && told.version() < v) {
      members.remove(conn);
      diff.leave.add(told.member());
    }
    tombstones.merge(conn, v, Math::max);
  }

  private void absorbAhead() {
    for (Iterator<Long> it = ahead.iterator(); it.hasNext(); ) {
      long next = it.next();
      if (next <= contiguous) {
        it.remove();
      } else if (next == contiguous + 1) {
        contiguous = next;
        it.remove();
      } else {
        return;
      }
    }
  }

  private static void merge(Diff into, Diff from) {
    into.join.addAll(from.join);
    into.leave.addAll(from.leave);
    into.update.addAll(from.update);
  }
}
