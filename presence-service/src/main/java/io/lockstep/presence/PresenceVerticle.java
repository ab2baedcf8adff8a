package io.lockstep.presence;

import io.lockstep.common.config.LockstepConfig;
import io.lockstep.common.engine.presence.PresenceStore;
import io.lockstep.edge.service.LiveConnections;
import io.lockstep.edge.service.ServiceEnvironment;
import io.lockstep.edge.service.ServiceVerticle;
import io.lockstep.edge.ws.UpgradeGate;
import io.lockstep.presence.bus.PresenceQueries;
import io.lockstep.presence.http.RoomMembersHandler;
import io.lockstep.presence.rooms.ChangePublisher;
import io.lockstep.presence.rooms.LeaveCause;
import io.lockstep.presence.rooms.LoopRooms;
import io.lockstep.presence.rooms.PresenceMetrics;
import io.lockstep.presence.ws.ConnIds;
import io.lockstep.presence.ws.PresenceConnection;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The presence service as a verticle (deploy one instance): the {@code lockstep.presence.query}
 * consumer and a sweeper for abandoned rooms on start, and on every event loop that mounts it the
 * {@code /presence} routes with that loop's own rooms.
 */
public final class PresenceVerticle extends ServiceVerticle {
  private static final Logger LOG = LoggerFactory.getLogger(PresenceVerticle.class);
  /** Abandoned rooms expired per sweep; the next sweep takes the rest. */
  private static final int ABANDONED_PER_SWEEP = 100;

  private final ServiceEnvironment env;
  private final LockstepConfig config;
  private final PresenceStore store;
  private final PresenceMetrics metrics;
  private final LiveConnections connections = new LiveConnections();
  private final UpgradeGate gate;
  private final List<LoopRooms> loops = new CopyOnWriteArrayList<>();
  private final ConnIds connIds;
  private ChangePublisher changes;
  private PresenceQueries queries;
  private long abandonedTimer = -1;

  public PresenceVerticle(ServiceEnvironment env) {
    this.env = env;
    this.config = env.config();
    this.store = env.engines().presence();
    this.metrics = new PresenceMetrics(env.meters());
    this.connIds = new ConnIds(config.nodeId());
    this.gate = new UpgradeGate(config.allowedOrigins(), connections, env.connectionCap());
  }

  @Override
  public Future<?> start() {
    if (config.presence().ttlMs() <= config.heartbeatMs()) {
      LOG.warn("presence TTL ({} ms) is not longer than the heartbeat ({} ms): members that heartbeat on time "
          + "will still expire", config.presence().ttlMs(), config.heartbeatMs());
    }
    changes = new ChangePublisher(vertx.eventBus());
    env.health().register("presence", promise -> promise.complete(Status.OK()));
    abandonedTimer = vertx.setPeriodic(config.presence().sweepMs(), id -> sweepAbandonedRooms());
    return PresenceQueries.start(vertx.eventBus(), store)
        .onSuccess(started -> {
          queries = started;
          LOG.info("presence-service: {}, ttl {} ms, sweep {} ms, meta tick {} ms", env.engines().description(),
              config.presence().ttlMs(), config.presence().sweepMs(), config.presence().metaTickMs());
        });
  }

  /**
   * WebSocket {@code GET /presence} and {@code GET /presence/{room}}. Each loop gets its own
   * {@link LoopRooms}, so room state is never shared between threads.
   */
  @Override
  public void mount(Router router) {
    Context loop = Vertx.currentContext();
    LoopRooms rooms = new LoopRooms(loop, config.presence(), store, env.engines().broker(), changes, metrics);
    loops.add(rooms);
    router.get("/presence").handler(ctx -> gate.upgrade(ctx,
        (ws, wire) -> new PresenceConnection(ws, connIds.next(), config, env.tokens(), metrics, connections, rooms, loop),
        PresenceConnection::start));
    router.get("/presence/*").handler(new RoomMembersHandler(env.tokens(), store));
  }

  /** Every open connection leaves its rooms (announced now, not at TTL) and closes with 1001. */
  @Override
  public Future<?> stop() {
    vertx.cancelTimer(abandonedTimer);
    env.health().unregister("presence");
    return connections.drainAll()
        .eventually(() -> Future.join(loops.stream().map(LoopRooms::close).toList()))
        .eventually(() -> queries == null ? Future.succeededFuture() : queries.close());
  }

  /**
   * Rooms whose every member expired with no live node serving them (their nodes died): expiring them
   * here announces those leaves to event-bus consumers. Rooms some node still serves are swept by it.
   */
  private void sweepAbandonedRooms() {
    store.abandonedRooms(ABANDONED_PER_SWEEP).onSuccess(rooms -> {
      for (String room : rooms) {
        store.expire(room).onSuccess(gone -> {
          if (!gone.isEmpty()) {
            metrics.left(LeaveCause.EXPIRY, gone.size());
            changes.left(room, gone);
          }
        });
      }
    });
  }
}
