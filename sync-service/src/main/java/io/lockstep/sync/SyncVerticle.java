package io.lockstep.sync;

import io.lockstep.common.engine.ops.OpStore;
import io.lockstep.edge.http.RequestRates;
import io.lockstep.edge.service.LiveConnections;
import io.lockstep.edge.service.ServiceEnvironment;
import io.lockstep.edge.service.ServiceVerticle;
import io.lockstep.sync.bus.CommittedPublisher;
import io.lockstep.sync.bus.SyncBus;
import io.lockstep.sync.metrics.SyncMetrics;
import io.lockstep.sync.history.SnapshotHistory;
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
 * The sync-service as a verticle (deploy one instance): on start, one sequencer shard per core
 * ({@link SequencerVerticle}, deployed as children, so undeploying this verticle undeploys them) and
 * the event-bus side ({@link SyncBus}); on every event loop that mounts it, the {@code /sync} and
 * {@code /docs} routes ({@link SyncRoutes}).
 */
public final class SyncVerticle extends ServiceVerticle {
  private static final Logger LOG = LoggerFactory.getLogger(SyncVerticle.class);

  private final ServiceEnvironment env;
  private final SyncMetrics metrics;
  private final LiveConnections connections = new LiveConnections();
  private final RequestRates httpRates;
  private RoutedSequencer sequencer;
  private SnapshotHistory history;
  private OpStore store;
  private SyncBus bus;

  public SyncVerticle(ServiceEnvironment env) {
    this.env = env;
    this.metrics = new SyncMetrics(env.meters());
    var limits = env.config().limits();
    this.httpRates = new RequestRates(limits.httpOpsPerSecond(), limits.httpOpsBurst(), limits.maxRateKeys(), System::nanoTime);
  }

  @Override
  public Future<?> start() {
    var config = env.config();
    // Every commit this node makes is also published on the event bus (lockstep.sync.committed).
    store = new CommittedPublisher(vertx.eventBus(), env.engines().ops());
    LocalSequencers local = new LocalSequencers(store, config.limits(), metrics);
    sequencer = new RoutedSequencer(local);
    history = new SnapshotHistory(sequencer, store);
    env.health().register("sync", promise -> promise.complete(Status.OK()));
    int shards = Math.max(1, Runtime.getRuntime().availableProcessors());
    return vertx.deployVerticle(() -> new SequencerVerticle(local), new DeploymentOptions().setInstances(shards))
        .onSuccess(id -> LOG.info("sync-service: {} sequencer shards, {}", shards, env.engines().description()))
        .compose(id -> SyncBus.start(vertx, sequencer, config.limits(), env.meters()))
        .onSuccess(started -> bus = started);
  }

  @Override
  public void mount(Router router) {
    SyncRoutes.mount(router, env.config(), env.engines().broker(), sequencer, store, history, env.tokens(), metrics,
        connections, env.connectionCap(), httpRates);
  }

  /** Drains every connection (in-flight commits finish), then the event-bus side; the shards go with this verticle. */
  @Override
  public Future<?> stop() {
    env.health().unregister("sync");
    return connections.drainAll()
        .eventually(() -> bus == null ? Future.succeededFuture() : bus.close());
  }

  /** The event-bus side (cluster routing and public API), once started; for tests. */
  public SyncBus bus() {
    return bus;
  }
}
