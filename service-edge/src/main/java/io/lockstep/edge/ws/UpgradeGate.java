package io.lockstep.edge.ws;

import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.LockstepException;
import io.lockstep.edge.http.HttpErrors;
import io.lockstep.edge.service.ConnectionCap;
import io.lockstep.edge.service.LiveConnections;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.BiFunction;

/**
 * The way in of a WebSocket endpoint: the {@code Origin} check (403 {@code forbidden}), the refusal
 * while the node shuts down (503 {@code unavailable}), a place in the process's {@link ConnectionCap}
 * (503 {@code unavailable} when the process is full, 429 {@code rate_limited} when the client's
 * address is), the upgrade itself (400 when it fails), and the registration of the new connection
 * with the node's {@link LiveConnections}, which closes it with going-away when shutdown began
 * meanwhile, and gives its place back when it ends.
 */
public final class UpgradeGate {
  private final List<String> allowedOrigins;
  private final LiveConnections connections;
  private final ConnectionCap cap;

  /**
   * @param allowedOrigins the browser origins allowed to connect; empty allows any (and clients
   *     that send none)
   * @param cap the process's connection cap, shared by every service
   */
  public UpgradeGate(List<String> allowedOrigins, LiveConnections connections, ConnectionCap cap) {
    this.allowedOrigins = List.copyOf(allowedOrigins);
    this.connections = connections;
    this.cap = cap;
  }

  /**
   * Checks and upgrades the request; a connection made by {@code connect} (from the socket and the
   * channel under it) is started with {@code start} once registered.
   */
  public <C extends LiveConnections.Drainable> void upgrade(RoutingContext ctx,
      BiFunction<ServerWebSocket, SocketWire, C> connect, Consumer<C> start) {
    if (!originAllowed(ctx.request().getHeader("Origin"), allowedOrigins)) {
      HttpErrors.write(ctx, 403, ErrorCode.FORBIDDEN, "origin not allowed");
      return;
    }
    if (connections.closing()) {
      HttpErrors.write(ctx, 503, ErrorCode.UNAVAILABLE, "server is shutting down");
      return;
    }
    ConnectionCap.Slot slot;
    try {
      slot = cap.admit(ctx.request().remoteAddress().hostAddress());
    } catch (LockstepException full) {
      HttpErrors.send(ctx, full);
      return;
    }
    SocketWire wire = SocketWire.under(ctx.request());
    ctx.request().toWebSocket().onSuccess(ws -> {
      C connection = connect.apply(ws, wire);
      if (!connections.add(connection, slot)) {
        ws.close(CloseCodes.GOING_AWAY, "server is shutting down");
        return;
      }
      start.accept(connection);
    }).onFailure(e -> {
      slot.release();
      if (!ctx.response().ended()) {
        HttpErrors.write(ctx, 400, ErrorCode.BAD_REQUEST, "WebSocket upgrade failed: " + e.getMessage());
      }
    });
  }

  /** Whether a browser at {@code origin} may connect: any when {@code allowed} is empty. */
  public static boolean originAllowed(String origin, List<String> allowed) {
    return allowed.isEmpty() || (origin != null && allowed.contains(origin));
  }
}
