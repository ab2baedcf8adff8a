package io.lockstep.sync;

import io.lockstep.common.engine.broker.Broker;
import io.lockstep.common.engine.ops.OpStore;
import io.lockstep.common.service.LiveConnections;
import io.lockstep.common.service.LockstepService;
import io.lockstep.common.service.ServiceEnvironment;
import io.lockstep.sync.bus.CommittedPublisher;
import io.lockstep.sync.bus.SyncBus;
import io.lockstep.sync.metrics.SyncMetrics;
import io.lockstep.sync.sequencer.LocalSequencers;
import io.lockstep.sync.sequencer.RoutedSequencer;
import io.lockstep.sync.sequencer.SequencerVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sync-service as the launcher sees it: engines (memory, or Redis when configured; see
 * {@link SyncEngines}), one sequencer shard per core, and the {@code /sync} and {@code /docs} routes on
 * every HTTP event loop.
 */
public final class SyncService implements LockstepService {
  private static final Logger LOG = LoggerFactory.getLogger(SyncService.class);

  private final OpStore givenStore;
  private final Broker givenBroker;
  private SyncEngines engines;
  private ServiceEnvironment env;
  private RoutedSequencer sequencer;
  private SyncMetrics metrics;
  private LiveConnections connections;
  private String shardDeployment;
  private SyncBus bus;

  public SyncService() {
    this(null, null);
  }

  /**
   * A sync-service over engines made by the caller instead of its own: for tests that run several
   * nodes in one JVM over one shared store, as replicas share Redis.
   */
  public SyncService(OpStore store, Broker broker) {
    this.givenStore = store;
    this.givenBroker = broker;
  }

  @Override
  public String name() {
    return "sync";
  }

  @Override
  public Future<Void> start(ServiceEnvironment env) {
    var vertx = env.vertx();
    var config = env.config();
    engines = givenStore != null ? SyncEngines.given(givenStore, givenBroker) : SyncEngines.create(vertx, config);
    // Every commit this node makes is also published on the event bus (lockstep.sync.committed).
    OpStore store = new CommittedPublisher(vertx.eventBus(), engines.store());
    this.env = env;
    metrics = new SyncMetrics(env.meters());
    LocalSequencers local = new LocalSequencers(store, config.limits(), metrics);
    sequencer = new RoutedSequencer(local);
    connections = new LiveConnections();
    env.health().register("sync", promise -> promise.complete(Status.OK()));
    engines.registerHealthChecks(env.health());
    int shards = Math.max(1, Runtime.getRuntime().availableProcessors());
    return vertx.deployVerticle(() -> new SequencerVerticle(local), new DeploymentOptions().setInstances(shards))
        .onSuccess(id -> {
          shardDeployment = id;
          LOG.info("sync-service: {} sequencer shards, {}", shards, engines.description());
        })
        .compose(id -> SyncBus.start(vertx, sequencer, config.limits(), env.meters()))
        .onSuccess(started -> bus = started)
        .mapEmpty();
  }

  @Override
  public void mount(Router router) {
    SyncRoutes.mount(router, env.config(), engines.broker(), sequencer, env.tokens(), metrics, connections);
  }

  @Override
  public Future<Void> stop() {
    if (connections == null) {
      return Future.succeededFuture();
    }
    return connections.drainAll()
        .eventually(() -> bus == null ? Future.succeededFuture() : bus.close())
        .eventually(() -> shardDeployment == null ? Future.succeededFuture() : env.vertx().undeploy(shardDeployment))
        .eventually(() -> engines.close());
  }


  /** The event-bus side (cluster routing and public API), once started; for tests. */
  public SyncBus bus() {
    return bus;
  }
}
