package io.lockstep.presence;

import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.presence.http.RoomMembersHandler;
import io.lockstep.presence.rooms.LoopRooms;
import io.lockstep.presence.ws.PresenceConnection;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * The presence service's routes on one HTTP event loop: WebSocket {@code GET /presence} and
 * {@code GET /presence/{room}}. Each loop gets its own {@link LoopRooms}, so room state is never
 * shared between threads.
 */
final class PresenceRoutes {
  private PresenceRoutes() {}

  /** Adds the routes to {@code router}; call on the context of the loop that serves it. Returns the loop's rooms. */
  static LoopRooms mount(Router router, PresenceNode node) {
    Context context = Vertx.currentContext();
    LoopRooms rooms = new LoopRooms(node, context);
    router.get("/presence").handler(ctx -> upgrade(ctx, node, rooms, context));
    router.get("/presence/*").handler(new RoomMembersHandler(node));
    return rooms;
  }

  private static void upgrade(RoutingContext ctx, PresenceNode node, LoopRooms rooms, Context context) {
    if (!originAllowed(ctx.request().getHeader("Origin"), node.config().allowedOrigins())) {
      refuse(ctx, 403, ErrorCode.FORBIDDEN, "origin not allowed");
      return;
    }
    if (node.connections().closing()) {
      refuse(ctx, 503, ErrorCode.UNAVAILABLE, "server is shutting down");
      return;
    }
    ctx.request().toWebSocket().onSuccess(ws -> {
      PresenceConnection connection = new PresenceConnection(ws, node, rooms, context);
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

  static boolean originAllowed(String origin, List<String> allowed) {
    return allowed.isEmpty() || (origin != null && allowed.contains(origin));
  }

  private static void refuse(RoutingContext ctx, int status, ErrorCode code, String message) {
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
        .end(new JsonObject().put("code", code.wire()).put("msg", message).toBuffer());
  }
}
