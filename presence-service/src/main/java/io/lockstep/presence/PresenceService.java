package io.lockstep.presence;

import io.lockstep.common.engine.broker.Broker;
import io.lockstep.common.engine.presence.PresenceStore;
import io.lockstep.common.service.LiveConnections;
import io.lockstep.common.service.LockstepService;
import io.lockstep.common.service.ServiceEnvironment;
import io.lockstep.presence.bus.ChangePublisher;
import io.lockstep.presence.bus.PresenceQueries;
import io.lockstep.presence.rooms.LeaveCause;
import io.lockstep.presence.rooms.LoopRooms;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The presence service as the launcher sees it: engines (memory, or Redis when configured), the
 * {@code lockstep.presence.query} consumer, a sweeper for abandoned rooms, and the {@code /presence}
 * routes with their own rooms on every HTTP event loop.
 */
public final class PresenceService implements LockstepService {
  private static final Logger LOG = LoggerFactory.getLogger(PresenceService.class);
  /** Abandoned rooms expired per sweep; the next sweep takes the rest. */
  private static final int ABANDONED_PER_SWEEP = 100;

  private final PresenceStore givenStore;
  private final Broker givenBroker;
  private final List<LoopRooms> loops = new CopyOnWriteArrayList<>();
  private PresenceEngines engines;
  private PresenceNode node;
  private PresenceQueries queries;
  private long abandonedTimer = -1;

  public PresenceService() {
    this(null, null);
  }

  /**
   * A presence service over engines made by the caller: for tests that run several nodes in one JVM
   * over one shared store, as replicas share Redis. The caller closes them.
   */
  public PresenceService(PresenceStore store, Broker broker) {
    this.givenStore = store;
    this.givenBroker = broker;
  }

  @Override
  public String name() {
    return "presence";
  }

  @Override
  public Future<Void> start(ServiceEnvironment env) {
    Vertx vertx = env.vertx();
    var config = env.config();
    if (config.presence().ttlMs() <= config.heartbeatMs()) {
      LOG.warn("presence TTL ({} ms) is not longer than the heartbeat ({} ms): members that heartbeat on time "
          + "will still expire", config.presence().ttlMs(), config.heartbeatMs());
    }
    engines = givenStore != null ? PresenceEngines.given(givenStore, givenBroker) : PresenceEngines.create(vertx, config);
    node = new PresenceNode(vertx, config, engines.store(), engines.broker(), env.tokens(),
        new PresenceMetrics(env.meters()), new ChangePublisher(vertx.eventBus()), new ConnIds(config.nodeId()),
        new LiveConnections());
    env.health().register("presence", promise -> promise.complete(Status.OK()));
    engines.registerHealthChecks(env.health());
    abandonedTimer = vertx.setPeriodic(config.presence().sweepMs(), id -> sweepAbandonedRooms());
    return PresenceQueries.start(vertx.eventBus(), engines.store())
        .onSuccess(started -> {
          queries = started;
          LOG.info("presence-service: {}, ttl {} ms, sweep {} ms, meta tick {} ms", engines.description(),
              config.presence().ttlMs(), config.presence().sweepMs(), config.presence().metaTickMs());
        })
        .mapEmpty();
  }

  @Override
  public void mount(Router router) {
    loops.add(PresenceRoutes.mount(router, node));
  }

  /** Every open connection leaves its rooms (announced now, not at TTL) and closes with 1001; then the engines close. */
  @Override
  public Future<Void> stop() {
    if (node == null) {
      return Future.succeededFuture();
    }
    node.vertx().cancelTimer(abandonedTimer);
    return node.connections().drainAll()
        .eventually(() -> Future.join(loops.stream().map(LoopRooms::close).toList()))
        .eventually(() -> queries == null ? Future.succeededFuture() : queries.close())
        .eventually(() -> engines.close());
  }

  /**
   * Rooms whose every member expired with no live node serving them (their nodes died): expiring them
   * here announces those leaves to event-bus consumers. Rooms some node still serves are swept by it.
   */
  private void sweepAbandonedRooms() {
    PresenceStore store = engines.store();
    store.abandonedRooms(ABANDONED_PER_SWEEP).onSuccess(rooms -> {
      for (String room : rooms) {
        store.expire(room).onSuccess(gone -> {
          if (!gone.isEmpty()) {
            node.changes().left(room, gone);
            node.metrics().left(LeaveCause.EXPIRY, gone.size());
          }
        });
      }
    });
  }
}
