package io.lockstep.sync;

import io.lockstep.common.auth.TokenVerifier;
import io.lockstep.common.config.LockstepConfig;
import io.lockstep.common.engine.broker.Broker;
import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.service.LiveConnections;
import io.lockstep.sync.fanout.DocFanouts;
import io.lockstep.sync.http.DocsHandler;
import io.lockstep.sync.http.HttpErrors;
import io.lockstep.sync.metrics.SyncMetrics;
import io.lockstep.sync.sequencer.Sequencer;
import io.lockstep.sync.ws.SyncConnections;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;

/**
 * The sync-service's routes on one HTTP event loop: WebSocket {@code GET /sync} and the
 * {@code /docs} API. Each loop gets its own {@link DocFanouts}, so fan-out state is never shared
 * between threads.
 */
public final class SyncRoutes {
  private SyncRoutes() {}

  /**
   * Adds the routes to {@code router}; call on the context of the loop that serves it.
   *
   * @param connections every live {@code /sync} connection of the node, for a graceful stop
   */
  public static void mount(Router router, LockstepConfig config, Broker broker, Sequencer sequencer,
      TokenVerifier tokens, SyncMetrics metrics, LiveConnections connections) {
    DocFanouts fanouts = new DocFanouts(broker, sequencer, metrics).checkQuietDocs();
    SyncConnections sockets = new SyncConnections(config.limits(), config.nodeId(), config.heartbeatMs(), tokens,
        sequencer, fanouts, metrics, connections);
    router.get("/sync").handler(ctx -> upgrade(ctx, config.allowedOrigins(), connections, sockets));
    router.route("/docs/*").handler(BodyHandler.create().setBodyLimit(config.limits().maxFrameBytes()));
    router.route("/docs/*").handler(new DocsHandler(sequencer, tokens, config.limits().maxOpComponents()))
        .failureHandler(HttpErrors::onFailure);
  }

  private static void upgrade(RoutingContext ctx, List<String> allowedOrigins, LiveConnections connections,
      SyncConnections sockets) {
    if (!originAllowed(ctx.request().getHeader("Origin"), allowedOrigins)) {
      refuse(ctx, 403, ErrorCode.FORBIDDEN, "origin not allowed");
      return;
    }
    if (connections.closing()) {
      refuse(ctx, 503, ErrorCode.UNAVAILABLE, "server is shutting down");
      return;
    }
    ctx.request().toWebSocket().onSuccess(sockets::accept).onFailure(e -> {
      if (!ctx.response().ended()) {
        refuse(ctx, 400, ErrorCode.BAD_REQUEST, "WebSocket upgrade failed: " + e.getMessage());
      }
    });
  }

  static boolean originAllowed(String origin, List<String> allowed) {
    return allowed.isEmpty() || (origin != null && allowed.contains(origin));
  }

  private static void refuse(RoutingContext ctx, int status, ErrorCode code, String message) {
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
        .end(new JsonObject().put("code", code.wire()).put("msg", message).toBuffer());
  }
}
