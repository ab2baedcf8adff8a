package io.lockstep.sync;

import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.sync.fanout.DocFeeds;
import io.lockstep.sync.http.DocsHandler;
import io.lockstep.sync.http.HttpErrors;
import io.lockstep.sync.sharedb.ShareDbRoutes;
import io.lockstep.sync.ws.LoopFlusher;
import io.lockstep.sync.ws.SyncConnection;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;

/**
 * The sync-service's routes on one HTTP event loop: WebSocket {@code GET /sync} and the
 * {@code /docs} API. Each loop gets its own {@link DocFeeds}, so fan-out state is never shared
 * between threads.
 */
public final class SyncRoutes {
  private SyncRoutes() {}

  /** Adds the routes to {@code router}; call on the context of the loop that serves it. */
  public static void mount(Router router, SyncNode node) {
    DocFeeds feeds = new DocFeeds(node.broker(), node.sequencers()).checkQuietFeeds();
    LoopFlusher flusher = new LoopFlusher(Vertx.currentContext());
    router.get("/sync").handler(ctx -> upgrade(ctx, node, feeds, flusher));
    ShareDbRoutes.mount(router, node, feeds);
    router.route("/docs/*").handler(BodyHandler.create().setBodyLimit(node.config().limits().maxFrameBytes()));
    router.route("/docs/*").handler(new DocsHandler(node)).failureHandler(HttpErrors::onFailure);
  }

  private static void upgrade(RoutingContext ctx, SyncNode node, DocFeeds feeds, LoopFlusher flusher) {
    if (!originAllowed(ctx.request().getHeader("Origin"), node.config().allowedOrigins())) {
      refuse(ctx, 403, ErrorCode.FORBIDDEN, "origin not allowed");
      return;
    }
    if (node.connections().closing()) {
      refuse(ctx, 503, ErrorCode.UNAVAILABLE, "server is shutting down");
      return;
    }
    ctx.request().toWebSocket().onSuccess(ws -> {
      SyncConnection connection = new SyncConnection(ws, node, feeds, flusher, Vertx.currentContext());
      if (!node.connections().add(connection)) {
        ws.close((short) 1001, "server is shutting down");
        return;
      }
      connection.start();
    }).onFailure(e -> {
      if (!ctx.response().ended()) {
        refuse(ctx, 400, ErrorCode.BAD_REQUEST, "WebSocket upgrade failed: " + e.getMessage());
      }
    });
  }

  public static boolean originAllowed(String origin, List<String> allowed) {
    return allowed.isEmpty() || (origin != null && allowed.contains(origin));
  }

  private static void refuse(RoutingContext ctx, int status, ErrorCode code, String message) {
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
        .end(new JsonObject().put("code", code.wire()).put("msg", message).toBuffer());
  }
}
