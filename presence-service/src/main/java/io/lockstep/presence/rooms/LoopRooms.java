package io.lockstep.presence.rooms;

import io.lockstep.common.config.PresenceConfig;
import io.lockstep.common.engine.broker.Broker;
import io.lockstep.common.engine.broker.Subscription;
import io.lockstep.common.engine.presence.JoinResult;
import io.lockstep.common.engine.presence.Member;
import io.lockstep.common.engine.presence.PresenceChange;
import io.lockstep.common.engine.presence.PresenceStore;
import io.lockstep.common.engine.presence.PresenceTopics;
import io.lockstep.common.engine.presence.Refreshed;
import io.lockstep.common.engine.presence.RoomSnapshot;
import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.LockstepException;
import io.lockstep.common.util.ContextHop;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The presence rooms of one HTTP event loop: every connection accepted on the loop joins, updates and
 * leaves through it, so room state is never shared between threads. Each loop is a presence node of
 * its own as far as the store and broker are concerned.
 *
 * <p>What it does:
 *
 * <ul>
 *   <li><b>Join</b>: subscribe to the room's topic (first local member), then {@code store.join},
 *       whose listing settles the view; the joiner's {@code members} reply is the view.
 *   <li><b>Meta</b>: kept per member until the next tick ({@code metaTickMs}); then one
 *       {@code store.update} per room carries the latest meta of every member that changed, and the
 *       store publishes it as one change: one frame per room per tick for each recipient.
 *   <li><b>Leave / close</b>: {@code store.remove}; only the caller that removed the member announces it.
 *   <li><b>Lease</b>: the store holds a member for at most the node lease ({@link #leaseMs}) past
 *       the last write of its node, which every sweep renews while the member is heard from; so the
 *       members of a node that died expire within about the lease, not after their client TTL.
 *   <li><b>Sweep</b> ({@code sweepMs}): per room, one {@code touch} for the local members heard from
 *       within their TTL (silent ones are left to expire), then, when the touch reports a member past
 *       its expiry (or could not tell), {@code expire}, which removes and announces members whose TTL
 *       ran out, whichever node held them. A local member the touch finds
 *       missing (the store lost it, or this loop stalled past its TTL) is joined again.
 *   <li><b>Reconcile</b>: a change lost by the broker shows as a version gap, or as a store version
 *       that this view still has not reached one sweep later; either way the room is listed again and
 *       the difference is pushed.
 * </ul>
 *
 * <p>Everything runs on the loop's context; store futures are resumed on it before touching state.
 */
public final class LoopRooms {
  private static final Logger LOG = LoggerFactory.getLogger(LoopRooms.class);
  /** The shortest node lease: a loop stalled (GC, an overloaded host) for less keeps its members. */
  private static final long MIN_LEASE_MS = 3_000;
  /** Sweeps per lease: a lease outlives a few sweeps that could not reach the store. */
  private static final long SWEEPS_PER_LEASE = 4;

  private final PresenceConfig config;
  private final PresenceStore store;
  private final Broker broker;
  private final ChangePublisher changes;
  private final PresenceMetrics metrics;
  private final Context context;
  private final Map<String, LocalRoom> rooms = new HashMap<>();
  private final long metaTimer;
  private final long sweepTimer;
  /**
   * How long past this loop's last write the store keeps one of its members: the client TTL, capped
   * at a few sweeps (at least {@link #MIN_LEASE_MS}).
   */
  private final long leaseMs;

  /** Call on the loop's context; starts the loop's meta tick and sweep timers. */
  public LoopRooms(Context context, PresenceConfig config, PresenceStore store, Broker broker, ChangePublisher changes,
      PresenceMetrics metrics) {
    this.config = config;
    this.store = store;
    this.broker = broker;
    this.changes = changes;
    this.metrics = metrics;
    this.context = context;
    this.leaseMs = Math.min(config.ttlMs(), Math.max(MIN_LEASE_MS, SWEEPS_PER_LEASE * config.sweepMs()));
    this.metaTimer = context.owner().setPeriodic(config.metaTickMs(), id -> flushMetas());
    this.sweepTimer = context.owner().setPeriodic(config.sweepMs(), id -> sweep());
  }

  /**
   * Joins {@code member} (the recipient's connection) to {@code room}; completes with the members its
   * clients now know, this one included. Fails with {@code unavailable} when the room is full or the
   * store or broker cannot be reached.
   */
  public Future<List<Member>> join(Recipient who, String room, Member member) {
    LocalRoom r = rooms.computeIfAbsent(room, this::open);
    LocalRoom.Local local = new LocalRoom.Local(who, member);
    boolean fresh = r.locals.put(member.conn(), local) == null;
    if (fresh) {
      metrics.members(1);
    }
    return r.subscription
        .compose(s -> resume(store.join(room, member, leaseMs, config.maxMembers())))
        .<List<Member>>compose(result -> {
          if (r.locals.get(member.conn()) != local) {
            // It left while joining (the socket closed): its leave is queued behind this join.
            return Future.succeededFuture(List.<Member>of());
          }
          if (result instanceof JoinResult.Full full) {
            dropLocal(r, member.conn());
            return Future.failedFuture(new LockstepException(ErrorCode.UNAVAILABLE,
                "room " + room + " is full (" + full.maxMembers() + " members)"));
          }
          changes.joined(room, member);
          settle(r, ((JoinResult.Joined) result).room());
          local.listening = true;
          return Future.succeededFuture(r.view.members());
        })
        .onFailure(e -> {
          if (r.locals.get(member.conn()) == local) {
            dropLocal(r, member.conn());
          }
        });
  }

  /** Replaces the member's meta; pushed at the next tick with the room's other updates. */
  public void meta(Recipient who, String room, JsonObject meta) {
    LocalRoom r = rooms.get(room);
    LocalRoom.Local local = r == null ? null : r.locals.get(who.conn());
    if (local == null) {
      throw new LockstepException(ErrorCode.NOT_FOUND, "not in room " + room + "; join it first");
    }
    local.member = local.member.withMeta(meta);
    r.pendingMeta.put(who.conn(), local.member);
  }

  /**
   * Takes the connection out of {@code room} and removes it from the store; announces the leave when
   * this call removed it. Completes (true when it was in the room) once the store answered.
   */
  public Future<Boolean> leave(Recipient who, String room, LeaveCause cause) {
    LocalRoom r = rooms.get(room);
    if (r == null || !r.locals.containsKey(who.conn())) {
      return Future.succeededFuture(false);
    }
    dropLocal(r, who.conn());
    return resume(store.remove(room, who.conn())).map(removed -> {
      removed.ifPresent(member -> {
        metrics.left(cause, 1);
        changes.left(room, List.of(member));
      });
      return true;
    });
  }

  /** Stops the timers and the subscriptions; the rooms' members are left to their connections' drain. */
  public Future<Void> close() {
    return ContextHop.call(context, () -> {
      context.owner().cancelTimer(metaTimer);
      context.owner().cancelTimer(sweepTimer);
      List<Future<Void>> unsubscribed = new ArrayList<>();
      for (LocalRoom r : rooms.values()) {
        unsubscribed.add(r.subscription.compose(Subscription::unsubscribe).otherwiseEmpty());
      }
      return Future.join(unsubscribed).mapEmpty();
    });
  }

  // ---- room lifecycle ----

  private LocalRoom open(String room) {
    LocalRoom r = new LocalRoom(room);
    metrics.rooms(1);
    r.subscription = broker.subscribe(PresenceTopics.forRoom(room), payload -> received(r, payload));
    return r;
  }

  private void dropLocal(LocalRoom r, String conn) {
    if (r.locals.remove(conn) == null) {
      return;
    }
    metrics.members(-1);
    r.pendingMeta.remove(conn);
    if (r.locals.isEmpty() && rooms.get(r.name) == r) {
      // Unsubscribed only while nobody here is in the room; a later join subscribes afresh.
      rooms.remove(r.name);
      metrics.rooms(-1);
      r.subscription.compose(Subscription::unsubscribe).otherwiseEmpty();
    }
  }

  // ---- what the clients are told ----

  private void received(LocalRoom r, Buffer payload) {
    PresenceChange change;
    try {
      change = PresenceChange.decode(payload);
    } catch (IllegalArgumentException e) {
      LOG.warn("room {}: dropping a broker message that is not a presence change: {}", r.name, e.getMessage());
      return;
    }
    told(r, r.view.apply(change));
    if (r.view.needsListing()) {
      list(r);
    }
  }

  private void settle(LocalRoom r, RoomSnapshot snapshot) {
    told(r, r.view.applySnapshot(snapshot));
  }

  /**
   * Pushes a view change to the listeners. A local member it says left that was silent past its TTL
   * is expelled (told it left). One heard from within its TTL expired only because this loop could
   * not renew its lease (the store was down, or the loop stalled): it joins again, so the others see
   * it leave and join, and it stays.
   */
  private void told(LocalRoom r, Diff diff) {
    metrics.pushed(r.push(diff));
    for (Member gone : diff.leave()) {
      LocalRoom.Local local = r.locals.get(gone.conn());
      if (local != null && local.listening && local.recipient.silentForMs() < config.ttlMs()) {
        rejoin(r, gone.conn(), local);
      } else if (local != null) {
        dropLocal(r, gone.conn());
        local.recipient.expelled(r.name);
      }
    }
  }

  /** Reads the room again and pushes the difference: the repair for lost broker messages. */
  private void list(LocalRoom r) {
    if (r.listing || rooms.get(r.name) != r) {
      return;
    }
    r.listing = true;
    metrics.listed();
    resume(store.members(r.name)).onComplete(ar -> {
      r.listing = false;
      if (ar.failed()) {
        LOG.debug("room {}: listing failed: {}", r.name, ar.cause().toString());
        return;
      }
      settle(r, ar.result());
    });
  }

  // ---- ticks ----

  private void flushMetas() {
    for (LocalRoom r : rooms.values()) {
      if (r.pendingMeta.isEmpty() || r.flushing) {
        continue;
      }
      List<Member> batch = new ArrayList<>(r.pendingMeta.values());
      r.pendingMeta.clear();
      r.flushing = true;
      resume(store.update(r.name, batch, leaseMs)).onComplete(ar -> {
        r.flushing = false;
        if (ar.failed()) {
          LOG.debug("room {}: meta update failed: {}", r.name, ar.cause().toString());
          return;
        }
        List<Member> written = new ArrayList<>(batch);
        written.removeIf(m -> ar.result().missing().contains(m.conn()));
        changes.updated(r.name, written);
        rejoinMissing(r, ar.result());
      });
    }
  }

  private void sweep() {
    for (LocalRoom r : List.copyOf(rooms.values())) {
      touch(r).onComplete(ar -> {
        // Skip the expiry call while the touch saw that nobody in the room can have expired yet:
        // it costs a store round trip per room per sweep otherwise.
        if (ar.failed() || ar.result() == null || ar.result().expiryDue()) {
          expire(r.name);
        }
      });
    }
  }

  /** The touch's outcome; null when there was nothing to touch (or it failed), which leaves the room unknown. */
  private Future<Refreshed> touch(LocalRoom r) {
    Map<String, Long> ttlByConn = new LinkedHashMap<>();
    for (LocalRoom.Local local : r.listeners()) {
      long left = config.ttlMs() - local.recipient.silentForMs();
      // A silent member is not touched: its expiry stays where its last frame put it.
      if (left > 0) {
        ttlByConn.put(local.member.conn(), Math.min(left, leaseMs));
      }
    }
    if (ttlByConn.isEmpty()) {
      return Future.succeededFuture();
    }
    return resume(store.touch(r.name, ttlByConn)).map(refreshed -> {
      rejoinMissing(r, refreshed);
      checkBehind(r, refreshed);
      return refreshed;
    }).recover(e -> {
      LOG.debug("room {}: touch failed: {}", r.name, e.toString());
      return Future.succeededFuture();
    });
  }

  private void expire(String room) {
    resume(store.expire(room)).onSuccess(gone -> {
      if (!gone.isEmpty()) {
        // Counted before announced, so whoever hears of a leave finds it in the metrics.
        metrics.left(LeaveCause.EXPIRY, gone.size());
        changes.left(room, gone);
      }
    }).onFailure(e -> LOG.debug("room {}: expiry sweep failed: {}", room, e.toString()));
  }

  /**
   * A version the view had not reached at the previous sweep and still has not: its change was lost
   * (a change merely in flight arrives well within one sweep), so the room is listed again.
   */
  private void checkBehind(LocalRoom r, Refreshed store) {
    if (r.suspect != null && !r.view.reached(r.suspect.epoch(), r.suspect.version())) {
      r.suspect = null;
      list(r);
      return;
    }
    r.suspect = r.view.behind(store.epoch(), store.version()) ? store : null;
  }

  /** Local members the store no longer has, although their connection is alive: join them again. */
  private void rejoinMissing(LocalRoom r, Refreshed refreshed) {
    for (String conn : refreshed.missing()) {
      LocalRoom.Local local = r.locals.get(conn);
      if (local == null || !local.listening) {
        continue;
      }
      rejoin(r, conn, local);
    }
  }

  /** Joins a live local member again; only a full room (which refuses it) expels it. */
  private void rejoin(LocalRoom r, String conn, LocalRoom.Local local) {
    metrics.rejoined();
    Member member = local.member;
    resume(store.join(r.name, member, leaseMs, config.maxMembers())).onComplete(ar -> {
      if (r.locals.get(conn) != local) {
        return;
      }
      if (ar.succeeded() && ar.result() instanceof JoinResult.Joined joined) {
        changes.joined(r.name, member);
        settle(r, joined.room());
      } else if (ar.succeeded()) {
        dropLocal(r, conn);
        local.recipient.expelled(r.name);
      }
    });
  }

  private <T> Future<T> resume(Future<T> future) {
    return ContextHop.resumeOn(context, future);
  }
}
