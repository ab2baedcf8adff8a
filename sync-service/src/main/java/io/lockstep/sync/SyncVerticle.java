package io.lockstep.sync;

import io.lockstep.common.engine.ops.OpStore;
import io.lockstep.edge.service.LiveConnections;
import io.lockstep.edge.service.ServiceEnvironment;
import io.lockstep.edge.service.ServiceVerticle;
import io.lockstep.sync.bus.CommittedPublisher;
import io.lockstep.sync.bus.SyncBus;
import io.lockstep.sync.sequencer.SequencerVerticle;
import io.lockstep.sync.sequencer.Sequencers;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sync-service as a verticle (deploy one instance): on start, one sequencer shard per core
 * (child verticles, so undeploying this one undeploys them) and the event-bus side; on every event
 * loop that mounts it, the {@code /sync} and {@code /docs} routes ({@link SyncRoutes}).
 */
public final class SyncVerticle extends ServiceVerticle {
  private static final Logger LOG = LoggerFactory.getLogger(SyncVerticle.class);

  private final ServiceEnvironment env;
  private SyncNode node;
  private SyncBus bus;

  public SyncVerticle(ServiceEnvironment env) {
    this.env = env;
  }

  @Override
  public Future<?> start() {
    var config = env.config();
    // Every commit this node makes is also published on the event bus (lockstep.sync.committed).
    OpStore store = new CommittedPublisher(vertx.eventBus(), env.engines().ops());
    SyncMetrics metrics = new SyncMetrics(env.meters());
    Sequencers sequencers = new Sequencers(store, config.limits(), metrics);
    node = new SyncNode(vertx, config, store, env.engines().broker(), sequencers, env.tokens(), metrics,
        new LiveConnections());
    env.health().register("sync", promise -> promise.complete(Status.OK()));
    int shards = Math.max(1, Runtime.getRuntime().availableProcessors());
    return vertx.deployVerticle(() -> new SequencerVerticle(sequencers), new DeploymentOptions().setInstances(shards))
        .onSuccess(id -> LOG.info("sync-service: {} sequencer shards, {}", shards, env.engines().description()))
        .compose(id -> SyncBus.start(node, env.meters()))
        .onSuccess(started -> bus = started);
  }

  @Override
  public void mount(Router router) {
    SyncRoutes.mount(router, node);
  }

  /** Drains every connection (in-flight commits finish), then the event-bus side; the shards go with this verticle. */
  @Override
  public Future<?> stop() {
    env.health().unregister("sync");
    return node.connections().drainAll()
        .eventually(() -> bus == null ? Future.succeededFuture() : bus.close());
  }

  /** The event-bus side (cluster routing and public API), once started; for tests. */
  public SyncBus bus() {
    return bus;
  }
}
