package io.lockstep.common.engine.presence;

import io.lockstep.common.engine.redis.LuaScript;
import io.lockstep.common.engine.redis.RedisConnections;
import io.lockstep.common.engine.redis.RedisKeys;
import io.vertx.core.Future;
import io.vertx.core.json.Json;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@link PresenceStore} shared by every replica, in Redis; passes {@code PresenceStoreContract}
 * like {@link MemoryPresenceStore}.
 *
 * <p>Layout (see {@link RedisKeys}): per room a sorted set of connections scored by expiry, a hash of
 * member data (each prefixed with the version of its last change) and a hash with the room's epoch
 * and version counter, all under the room's {@code {hash tag}}; plus one index of rooms scored by the
 * latest expiry any member got, for {@link #abandonedRooms}.
 *
 * <p>Atomicity: every change of a room is one Lua script ({@code lua/presence_*.lua}, by
 * {@code EVALSHA}): check, write, bump the version and {@code PUBLISH} the {@link PresenceChange} on
 * {@link PresenceTopics#forRoom}, so publish order is version order and a {@code RedisBroker} on the
 * same Redis receives the changes. Removals are decided by {@code ZREM} inside the scripts: two nodes
 * sweeping the same expired member cannot both get it. Expiry is computed on Redis's {@code TIME},
 * so node clocks do not matter (scripts that read the time and then write need Redis 5 or later).
 *
 * <p>The room index is written by separate commands after a join or a touch ({@code ZADD GT}, Redis
 * 6.2 or later), because it spans rooms and a script may only touch one slot in Redis Cluster. It
 * only ever errs high (a score at least the real latest expiry), so a room is never taken for
 * abandoned while a member lives.
 *
 * <p>Failures: Redis down, a timeout or a script error fail with {@code LockstepException(unavailable)}.
 * When Redis restarts without persistence the rooms are gone; the nodes find their members missing at
 * the next touch and join them again.
 */
public final class RedisPresenceStore implements PresenceStore {
  private static final LuaScript JOIN = LuaScript.load("presence_join");
  private static final LuaScript REFRESH = LuaScript.load("presence_refresh");
  private static final LuaScript REMOVE = LuaScript.load("presence_remove");
  private static final LuaScript MEMBERS = LuaScript.load("presence_members");
  private static final LuaScript ROOMS = LuaScript.load("presence_rooms");
  /** Most expired members one {@link #expire} removes; the next sweep takes the rest. */
  static final int EXPIRE_BATCH = 1000;

  private final RedisConnections redis;

  /** @param redis the connections to use; not closed by this store */
  public RedisPresenceStore(RedisConnections redis) {
    this.redis = Objects.requireNonNull(redis, "redis");
  }

  @Override
  public Future<JoinResult> join(String room, Member member, long ttlMs, int maxMembers) {
    List<Object> args = List.of(member.conn(), member.toJson().encode(), ttlMs, maxMembers,
        PresenceTopics.forRoom(room), Json.encode(room));
    return run(JOIN, room, args).compose(reply -> {
      if (reply.get(0).toInteger() == 0) {
        return Future.succeededFuture(new JoinResult.Full(maxMembers));
      }
      RoomSnapshot snapshot = new RoomSnapshot(reply.get(1).toLong(), reply.get(2).toLong(), listed(reply, 4));
      return index(room, reply.get(3).toLong() + ttlMs).map(new JoinResult.Joined(snapshot));
    });
  }

  @Override
  public Future<Refreshed> update(String room, List<Member> members, long ttlMs) {
    List<Object> args = refreshArgs(room);
    for (Member m : members) {
      args.add(m.conn());
      args.add(ttlMs);
      args.add(m.toJson().encode());
    }
    return run(REFRESH, room, args).map(RedisPresenceStore::refreshed);
  }

  @Override
  public Future<Refreshed> touch(String room, Map<String, Long> ttlByConn) {
    List<Object> args = refreshArgs(room);
    long longest = 0;
    for (Map.Entry<String, Long> e : ttlByConn.entrySet()) {
      args.add(e.getKey());
      args.add(e.getValue());
      args.add("");
      longest = Math.max(longest, e.getValue());
    }
    long ttl = longest;
    return run(REFRESH, room, args).compose(reply -> {
      Refreshed refreshed = refreshed(reply);
      boolean anyTouched = refreshed.missing().size() < ttlByConn.size();
      return anyTouched ? index(room, reply.get(2).toLong() + ttl).map(refreshed) : Future.succeededFuture(refreshed);
    });
  }

  @Override
  public Future<Optional<Member>> remove(String room, String conn) {
    return removeAndForget(room, "conn", conn).map(removed -> removed.stream().findFirst());
  }

  @Override
  public Future<List<Member>> expire(String room) {
    return removeAndForget(room, "expired", EXPIRE_BATCH);
  }

  @Override
  public Future<RoomSnapshot> members(String room) {
    return run(MEMBERS, room, List.of())
        .map(reply -> new RoomSnapshot(reply.get(0).toLong(), reply.get(1).toLong(), listed(reply, 2)));
  }

  @Override
  public Future<List<String>> abandonedRooms(int limit) {
    return ROOMS.run(redis, List.of(RedisKeys.presenceRooms()), List.of("abandoned", limit))
        .recover(e -> RedisConnections.unavailable("presence store", e))
        .map(reply -> {
          List<String> rooms = new ArrayList<>(reply.size());
          reply.forEach(r -> rooms.add(r.toString()));
          return rooms;
        });
  }

  private Future<List<Member>> removeAndForget(String room, String mode, Object connOrLimit) {
    List<Object> args = List.of(PresenceTopics.forRoom(room), Json.encode(room), mode, connOrLimit);
    return run(REMOVE, room, args).compose(reply -> {
      List<Member> removed = new ArrayList<>(reply.size() - 1);
      for (int i = 1; i < reply.size(); i++) {
        removed.add(Member.decode(reply.get(i).toString()));
      }
      boolean emptied = reply.get(0).toInteger() == 1;
      return emptied ? forget(room).map(removed) : Future.succeededFuture(removed);
    });
  }

  private Future<Void> index(String room, long expiresAt) {
    Request zadd = Request.cmd(Command.ZADD).arg(RedisKeys.presenceRooms()).arg("GT").arg(expiresAt).arg(room);
    return redis.send(zadd).<Void>mapEmpty().recover(e -> RedisConnections.unavailable("presence store", e));
  }

  private Future<Void> forget(String room) {
    return ROOMS.run(redis, List.of(RedisKeys.presenceRooms()), List.of("forget", room))
        .<Void>mapEmpty().recover(e -> RedisConnections.unavailable("presence store", e));
  }

  private Future<Response> run(LuaScript script, String room, List<Object> args) {
    return script.run(redis, RedisKeys.presenceKeys(room), args)
        .recover(e -> RedisConnections.unavailable("presence store", e));
  }

  private static List<Object> refreshArgs(String room) {
    List<Object> args = new ArrayList<>();
    args.add(PresenceTopics.forRoom(room));
    args.add(Json.encode(room));
    return args;
  }

  private static Refreshed refreshed(Response reply) {
    List<String> missing = new ArrayList<>();
    for (int i = 4; i < reply.size(); i++) {
      missing.add(reply.get(i).toString());
    }
    long firstExpiry = reply.get(3).toLong();
    long toFirst = firstExpiry < 0 ? Refreshed.NO_MEMBERS : firstExpiry - reply.get(2).toLong();
    return new Refreshed(reply.get(0).toLong(), reply.get(1).toLong(), missing, toFirst);
  }

  /** Stored entries {@code "<v>|<member JSON>"} from index {@code from} of {@code reply}. */
  private static List<StoredMember> listed(Response reply, int from) {
    List<StoredMember> members = new ArrayList<>(Math.max(0, reply.size() - from));
    for (int i = from; i < reply.size(); i++) {
      String stored = reply.get(i).toString();
      int bar = stored.indexOf('|');
      if (bar < 0) {
        throw new IllegalStateException("stored presence member has no version: " + stored);
      }
      members.add(new StoredMember(Member.decode(stored.substring(bar + 1)), Long.parseLong(stored.substring(0, bar))));
    }
    return members;
  }
}
