package io.lockstep.sync;

import io.lockstep.common.auth.TokenVerifier;
import io.lockstep.common.config.LockstepConfig;
import io.lockstep.common.engine.broker.Broker;
import io.lockstep.common.engine.ops.OpStore;
import io.lockstep.edge.http.AuthenticatedBody;
import io.lockstep.edge.http.BearerTokens;
import io.lockstep.edge.http.HttpErrors;
import io.lockstep.edge.http.RequestRates;
import io.lockstep.edge.service.ConnectionCap;
import io.lockstep.edge.service.LiveConnections;
import io.lockstep.edge.ws.UpgradeGate;
import io.lockstep.sync.fanout.DocFanouts;
import io.lockstep.sync.history.SnapshotHistory;
import io.lockstep.sync.http.DocsHandler;
import io.lockstep.sync.metrics.SyncMetrics;
import io.lockstep.sync.sequencer.Sequencer;
import io.lockstep.sync.sharedb.ShareDbRoutes;
import io.lockstep.sync.ws.SyncConnections;
import io.vertx.ext.web.Router;

/**
 * The sync-service's routes on one HTTP event loop: WebSocket {@code GET /sync}, the ShareDB
 * protocol on {@code GET /sharedb}, and the {@code /docs} API. Each loop gets its own {@link DocFanouts}, so fan-out state is never shared
 * between threads.
 */
public final class SyncRoutes {
  private SyncRoutes() {}

  /**
   * Adds the routes to {@code router}; call on the context of the loop that serves it.
   *
   * @param store the op store, which fan-outs read directly for the ops the broker lost
   * @param connections every live {@code /sync} connection of the node, for a graceful stop
   * @param cap the process's cap on open connections
   * @param httpRates the node's HTTP op submission limits, shared by every loop
   */
  public static void mount(Router router, LockstepConfig config, Broker broker, Sequencer sequencer, OpStore store,
      SnapshotHistory history, TokenVerifier tokens, SyncMetrics metrics, LiveConnections connections,
      ConnectionCap cap, RequestRates httpRates) {
    DocFanouts fanouts = new DocFanouts(broker, sequencer, store, metrics).checkQuietDocs();
    SyncConnections sockets = new SyncConnections(config.limits(), config.nodeId(), config.heartbeatMs(),
        config.connections().helloTimeoutMs(), tokens, sequencer, history, fanouts, metrics, connections);
    UpgradeGate gate = new UpgradeGate(config.allowedOrigins(), connections, cap);
    router.get("/sync").handler(ctx -> sockets.upgrade(ctx, gate));
    ShareDbRoutes.mount(router, config, broker, sequencer, fanouts, history, tokens, gate, connections);
    AuthenticatedBody.guard(router.route("/docs/*"), tokens, BearerTokens::of, config.limits().maxFrameBytes())
        .handler(new DocsHandler(sequencer, history, config.limits(), httpRates))
        .failureHandler(HttpErrors::onFailure);
  }

}
