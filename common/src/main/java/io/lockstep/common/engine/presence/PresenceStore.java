package io.lockstep.common.engine.presence;

import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The members of presence rooms, with expiry, shared by every node that serves the rooms.
 * Implementations: {@link MemoryPresenceStore} (one process) and {@link RedisPresenceStore} (shared by
 * replicas); both pass {@code PresenceStoreContract}.
 *
 * <p>Guarantees every implementation gives:
 *
 * <ul>
 *   <li><b>Expiry on the store's clock.</b> Every write gives the member an expiry of "now + ttl" on
 *       the store's own clock (Redis's {@code TIME} for Redis), so the nodes' clocks never need to
 *       agree. A member whose expiry passed is no longer listed, and is removed by the next
 *       {@link #expire} of its room, whichever node calls it.
 *   <li><b>Each removal happens once.</b> {@link #remove} and {@link #expire} remove atomically: of
 *       all concurrent callers (any node, any thread) exactly one gets a given member back. That caller
 *       alone announces the leave, which is how every leave is announced exactly once.
 *   <li><b>Refreshes never resurrect.</b> {@link #touch} and {@link #update} only write members that
 *       are still in the room, and report the others as missing.
 *   <li><b>Every change is published, in version order.</b> Each change of a room (a join, a batch of
 *       updates, a removal, the removals of one {@link #expire}) increments the room's version and is
 *       published on {@link PresenceTopics#forRoom} as a {@link PresenceChange} atomically with the
 *       change itself, so the changes of one room reach each subscriber in version order (the broker
 *       may lose some: at-most-once). Touches change nothing visible and publish nothing.
 *   <li><b>Versions and epochs.</b> Versions of a room increase by one per change within an epoch. A
 *       room whose last member left starts a new epoch, larger than the one before, when someone joins.
 * </ul>
 *
 * <p>Arguments: room ids are valid names ({@code Ids.isName}); ttls positive. Failures: a store that
 * cannot be reached fails with {@code LockstepException(unavailable)}; the change may or may not
 * have happened.
 */
public interface PresenceStore {

  /**
   * Adds {@code member} to {@code room} (or replaces its data when its {@code conn} is already there),
   * with expiry in {@code ttlMs}, and publishes a {@code join}; unless the room already holds
   * {@code maxMembers} live members other than it, in which case nothing changes.
   */
  Future<JoinResult> join(String room, Member member, long ttlMs, int maxMembers);

  /**
   * Replaces the data of each of {@code members} that is still in {@code room} (matched by
   * {@code conn}), gives it a fresh expiry of {@code ttlMs}, and publishes one {@code update} change
   * with all of them. Used once per room per coalescing tick, not once per client frame.
   */
  Future<Refreshed> update(String room, List<Member> members, long ttlMs);

  /**
   * Gives each connection of {@code ttlByConn} that is still in {@code room} the expiry "now + its
   * ttl" (milliseconds, positive). Publishes nothing. Used once per room per sweep, for every local
   * member that has been heard from.
   */
  Future<Refreshed> touch(String room, Map<String, Long> ttlByConn);

  /**
   * Removes {@code conn} from {@code room} whether or not it expired, and publishes its {@code leave}.
   * The member it removed, or empty when it was not there (someone else removed it first).
   */
  Future<Optional<Member>> remove(String room, String conn);

  /**
   * Removes every member of {@code room} whose expiry passed and publishes one {@code leave} change
   * with them. Returns the members this call removed; concurrent calls never return the same one.
   */
  Future<List<Member>> expire(String room);

  /** Every live member of {@code room} with its version, and the room's epoch and version, read atomically. */
  Future<RoomSnapshot> members(String room);

  /**
   * Up to {@code limit} rooms whose members have all passed their expiry but are still stored: rooms
   * no live node serves any more (every member's node died). Whoever finds one calls {@link #expire}
   * on it, so their leaves are announced too. May list a room that was just emptied.
   */
  Future<List<String>> abandonedRooms(int limit);
}
