package io.lockstep.sync.sharedb;

import io.lockstep.common.auth.Rights;
import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.service.LiveConnections;
import io.lockstep.common.auth.TokenVerifier;
import io.lockstep.common.config.LockstepConfig;
import io.lockstep.common.engine.broker.Broker;
import io.lockstep.sync.SyncRoutes;
import io.lockstep.sync.fanout.DocFanouts;
import io.lockstep.sync.history.SnapshotHistory;
import io.lockstep.sync.sequencer.Sequencer;
import io.lockstep.common.util.ContextHop;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * WebSocket {@code GET /sharedb}: ShareDB's own client speaks its protocol here to the same
 * documents as {@code /sync} (PROTOCOL.md §7, docs/sharedb.md). The token comes as {@code ?token=}
 * or an {@code Authorization: Bearer} header at the upgrade, or later in an {@code auth} message.
 */
public final class ShareDbRoutes {
  private ShareDbRoutes() {}

  /** Adds the route; call on the context of the loop that serves it, with that loop's feeds. */
  public static void mount(Router router, LockstepConfig config, Broker broker, Sequencer sequencer, DocFanouts fanouts,
      SnapshotHistory history, TokenVerifier tokens, LiveConnections connections) {
    ShareDbLoop loop = ShareDbLoop.create(new SyncShareDbBackend(sequencer, fanouts, history, broker, tokens, config.limits()));
    router.get("/sharedb").handler(ctx -> upgrade(ctx, config, tokens, connections, loop));
  }

  private static void upgrade(RoutingContext ctx, LockstepConfig config, TokenVerifier tokens, LiveConnections connections,
      ShareDbLoop loop) {
    if (!SyncRoutes.originAllowed(ctx.request().getHeader("Origin"), config.allowedOrigins())) {
      refuse(ctx, 403, ErrorCode.FORBIDDEN, "origin not allowed");
      return;
    }
    if (connections.closing()) {
      refuse(ctx, 503, ErrorCode.UNAVAILABLE, "server is shutting down");
      return;
    }
    String token = token(ctx);
    ctx.request().toWebSocket().onSuccess(ws -> {
      ws.pause();
      Future<Rights> rights = token != null || !tokens.enabled()
          ? loop.backend().verify(token)
          : Future.succeededFuture(null);
      rights.onComplete(ar -> {
        if (ar.failed()) {
          ws.close(ShareDbConnection.TOKEN_EXPIRED, "unauthorized");
          return;
        }
        start(ws, config, connections, loop, ar.result());
      });
    }).onFailure(e -> {
      if (!ctx.response().ended()) {
        refuse(ctx, 400, ErrorCode.BAD_REQUEST, "WebSocket upgrade failed: " + e.getMessage());
      }
    });
  }

  private static void start(ServerWebSocket ws, LockstepConfig config, LiveConnections connections, ShareDbLoop loop,
      Rights rights) {
    ShareDbConnection connection = new ShareDbConnection(loop,
        new SocketSink(ws, config.limits().maxOutboundBytes()), rights);
    Context context = Vertx.currentContext();
    LiveConnections.Drainable drainable = () -> ContextHop.call(context, () -> {
      connection.close(ShareDbConnection.GOING_AWAY, "server shutting down");
      return Future.<Void>succeededFuture();
    });
    if (!connections.add(drainable)) {
      ws.close(ShareDbConnection.GOING_AWAY, "server is shutting down");
      return;
    }
    ws.textMessageHandler(connection::onText);
    ws.binaryMessageHandler(data -> connection.onText(data.toString()));
    ws.closeHandler(v -> {
      connection.onClose();
      connections.remove(drainable);
    });
    ws.resume();
  }

  private static String token(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return header.substring(7).trim();
    }
    return ctx.request().getParam("token");
  }

  private static void refuse(RoutingContext ctx, int status, ErrorCode code, String message) {
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
        .end(Buffer.buffer(new JsonObject().put("code", code.wire()).put("msg", message).encode()));
  }
}
