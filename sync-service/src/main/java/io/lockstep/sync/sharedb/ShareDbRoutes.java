package io.lockstep.sync.sharedb;

import io.lockstep.common.auth.TokenVerifier;
import io.lockstep.common.config.LockstepConfig;
import io.lockstep.common.engine.broker.Broker;
import io.lockstep.common.protocol.LockstepException;
import io.lockstep.edge.http.BearerTokens;
import io.lockstep.edge.http.HttpErrors;
import io.lockstep.edge.service.LiveConnections;
import io.lockstep.edge.ws.FlushingOutbound;
import io.lockstep.edge.ws.UpgradeGate;
import io.lockstep.sync.fanout.DocFanouts;
import io.lockstep.sync.history.SnapshotHistory;
import io.lockstep.sync.sequencer.Sequencer;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * WebSocket {@code GET /sharedb}: ShareDB's own client speaks its protocol here to the same
 * documents as {@code /sync} (PROTOCOL.md §7, docs/sharedb.md). The token comes as {@code ?token=}
 * or an {@code Authorization: Bearer} header at the upgrade, or later in an {@code auth} message.
 */
public final class ShareDbRoutes {
  private ShareDbRoutes() {}

  /** Adds the route; call on the context of the loop that serves it, with that loop's fan-out. */
  public static void mount(Router router, LockstepConfig config, Broker broker, Sequencer sequencer, DocFanouts fanouts,
      SnapshotHistory history, TokenVerifier tokens, UpgradeGate gate, LiveConnections connections) {
    ShareDbLoop loop = ShareDbLoop.create(new SyncShareDbBackend(sequencer, fanouts, history, broker, tokens, config.limits()));
    int maxOutbound = config.limits().maxOutboundBytes();
    int helloTimeoutMs = config.connections().helloTimeoutMs();
    router.get("/sharedb").handler(ctx -> upgrade(ctx, gate, connections, loop, maxOutbound, helloTimeoutMs));
  }

  private static void upgrade(RoutingContext ctx, UpgradeGate gate, LiveConnections connections, ShareDbLoop loop,
      int maxOutbound, int helloTimeoutMs) {
    String token;
    try {
      token = BearerTokens.of(ctx);
    } catch (LockstepException e) {
      HttpErrors.send(ctx, e.code(), e.getMessage());
      return;
    }
    gate.upgrade(ctx,
        (ws, wire) -> new ShareDbConnection(loop, ws, new FlushingOutbound(ws, wire, loop.flusher(), maxOutbound, () -> { }),
            Vertx.currentContext()),
        connection -> connection.start(token, helloTimeoutMs, () -> connections.remove(connection)));
  }
}
