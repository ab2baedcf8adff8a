package io.lockstep.common.engine.presence;

import io.lockstep.common.engine.broker.Broker;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The in-process {@link PresenceStore}: the embedded default for one process, with the semantics of
 * the Redis store (expiry, atomic removal, versions, publish in version order), checked by the same
 * contract test.
 *
 * <p>How it works: rooms live in a map guarded by this store's monitor; every method is one short
 * critical section without I/O, and publishes on the {@link Broker} while holding it, which makes
 * publish order equal version order across threads (this relies on {@code publish} never blocking nor
 * running handlers inline, as {@code MemoryBroker} promises). A room is dropped when its last member
 * leaves. Results are already-completed futures. The clock is {@link System#currentTimeMillis()}.
 *
 * <p>Limits: one process only, nothing survives a restart; one lock for every room, which is plenty
 * for the few hundred store calls per second that coalescing leaves (see the presence service).
 */
public final class MemoryPresenceStore implements PresenceStore {
  private final Broker broker;
  private final Map<String, Room> rooms = new HashMap<>();
  private long lastEpoch;

  /** @param broker where every change is published, on {@link PresenceTopics#forRoom} */
  public MemoryPresenceStore(Broker broker) {
    this.broker = Objects.requireNonNull(broker, "broker");
  }

  @Override
  public synchronized Future<JoinResult> join(String room, Member member, long ttlMs, int maxMembers) {
    long now = System.currentTimeMillis();
    Room r = rooms.get(room);
    if (r != null && !r.entries.containsKey(member.conn()) && r.liveCount(now) >= maxMembers) {
      return Future.succeededFuture(new JoinResult.Full(maxMembers));
    }
    if (r == null) {
      // Epochs only grow, even when the clock steps back, so a room reborn never reuses one.
      lastEpoch = Math.max(lastEpoch + 1, now * 1000);
      r = new Room(lastEpoch);
      rooms.put(room, r);
    }
    long v = ++r.version;
    r.entries.put(member.conn(), new Entry(member, v, now + ttlMs));
    publish(new PresenceChange(room, r.epoch, v, List.of(member), List.of(), List.of()));
    return Future.succeededFuture(new JoinResult.Joined(r.snapshot(now)));
  }

  @Override
  public synchronized Future<Refreshed> update(String room, List<Member> members, long ttlMs) {
    long now = System.currentTimeMillis();
    Room r = rooms.get(room);
    List<String> missing = new ArrayList<>();
    List<Member> present = new ArrayList<>();
    for (Member m : members) {
      if (r != null && r.entries.containsKey(m.conn())) {
        present.add(m);
      } else {
        missing.add(m.conn());
      }
    }
    if (r == null) {
      return Future.succeededFuture(new Refreshed(0, 0, missing, Refreshed.NO_MEMBERS));
    }
    if (!present.isEmpty()) {
      long v = ++r.version;
      for (Member m : present) {
        r.entries.put(m.conn(), new Entry(m, v, now + ttlMs));
      }
      publish(new PresenceChange(room, r.epoch, v, List.of(), List.of(), present));
    }
    return Future.succeededFuture(new Refreshed(r.epoch, r.version, missing, r.msToFirstExpiry(now)));
  }

  @Override
  public synchronized Future<Refreshed> touch(String room, Map<String, Long> ttlByConn) {
    long now = System.currentTimeMillis();
    Room r = rooms.get(room);
    List<String> missing = new ArrayList<>();
    for (Map.Entry<String, Long> touch : ttlByConn.entrySet()) {
      Entry e = r == null ? null : r.entries.get(touch.getKey());
      if (e == null) {
        missing.add(touch.getKey());
      } else {
        e.expiresAt = now + touch.getValue();
      }
    }
    return Future.succeededFuture(r == null
        ? new Refreshed(0, 0, missing, Refreshed.NO_MEMBERS)
        : new Refreshed(r.epoch, r.version, missing, r.msToFirstExpiry(now)));
  }

  @Override
  public synchronized Future<Optional<Member>> remove(String room, String conn) {
    Room r = rooms.get(room);
    Entry e = r == null ? null : r.entries.remove(conn);
    if (e == null) {
      return Future.succeededFuture(Optional.empty());
    }
    removed(room, r, List.of(e.member));
    return Future.succeededFuture(Optional.of(e.member));
  }

  @Override
  public synchronized Future<List<Member>> expire(String room) {
    long now = System.currentTimeMillis();
    Room r = rooms.get(room);
    if (r == null) {
      return Future.succeededFuture(List.of());
    }
    List<Member> gone = new ArrayList<>();
    for (Iterator<Entry> it = r.entries.values().iterator(); it.hasNext(); ) {
      Entry e = it.next();
      if (e.expiresAt <= now) {
        it.remove();
        gone.add(e.member);
      }
    }
    if (!gone.isEmpty()) {
      removed(room, r, gone);
    }
    return Future.succeededFuture(List.copyOf(gone));
  }

  @Override
  public synchronized Future<RoomSnapshot> members(String room) {
    Room r = rooms.get(room);
    return Future.succeededFuture(r == null ? RoomSnapshot.EMPTY : r.snapshot(System.currentTimeMillis()));
  }

  @Override
  public synchronized Future<List<String>> abandonedRooms(int limit) {
    long now = System.currentTimeMillis();
    List<String> abandoned = new ArrayList<>();
    for (Map.Entry<String, Room> e : rooms.entrySet()) {
      if (abandoned.size() < limit && e.getValue().liveCount(now) == 0) {
        abandoned.add(e.getKey());
      }
    }
    return Future.succeededFuture(abandoned);
  }

  private void removed(String room, Room r, List<Member> gone) {
    long v = ++r.version;
    publish(new PresenceChange(room, r.epoch, v, List.of(), gone, List.of()));
    if (r.entries.isEmpty()) {
      rooms.remove(room);
    }
  }

  private void publish(PresenceChange change) {
    broker.publish(PresenceTopics.forRoom(change.room()), change.encode());
  }

  private static final class Room {
    final long epoch;
    final Map<String, Entry> entries = new HashMap<>();
    long version;

    Room(long epoch) {
      this.epoch = epoch;
    }

    long msToFirstExpiry(long now) {
      long first = Long.MAX_VALUE;
      for (Entry e : entries.values()) {
        first = Math.min(first, e.expiresAt);
      }
      return entries.isEmpty() ? Refreshed.NO_MEMBERS : first - now;
    }

    int liveCount(long now) {
      int n = 0;
      for (Entry e : entries.values()) {
        if (e.expiresAt > now) {
          n++;
        }
      }
      return n;
    }

    RoomSnapshot snapshot(long now) {
      List<StoredMember> live = new ArrayList<>();
      for (Entry e : entries.values()) {
        if (e.expiresAt > now) {
          live.add(new StoredMember(e.member, e.version));
        }
      }
      return new RoomSnapshot(epoch, version, live);
    }
  }

  private static final class Entry {
    final Member member;
    final long version;
    long expiresAt;

    Entry(Member member, long version, long expiresAt) {
      this.member = member;
      this.version = version;
      this.expiresAt = expiresAt;
    }
  }
}
