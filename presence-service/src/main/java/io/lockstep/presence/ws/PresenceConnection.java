package io.lockstep.presence.ws;

import io.lockstep.common.auth.Rights;
import io.lockstep.common.auth.TokenVerifier;
import io.lockstep.common.config.LockstepConfig;
import io.lockstep.common.config.PresenceConfig;
import io.lockstep.common.engine.presence.Member;
import io.lockstep.common.protocol.BadFrame;
import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.FrameFields;
import io.lockstep.common.protocol.LockstepException;
import io.lockstep.common.util.ContextHop;
import io.lockstep.common.util.KeyedSerialQueue;
import io.lockstep.common.util.TokenBucket;
import io.lockstep.common.util.Utf8;
import io.lockstep.edge.service.LiveConnections;
import io.lockstep.edge.ws.CloseCodes;
import io.lockstep.edge.ws.ConnectionToken;
import io.lockstep.edge.ws.DirectOutbound;
import io.lockstep.edge.ws.ErrorBudget;
import io.lockstep.presence.rooms.LeaveCause;
import io.lockstep.presence.rooms.LoopRooms;
import io.lockstep.presence.rooms.PresenceMetrics;
import io.lockstep.presence.rooms.Recipient;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client WebSocket on {@code /presence}: parse → authorize → dispatch, on the event loop that
 * accepted it. The connection is one member in each room it joins ({@code conn} is its id). Every
 * request gets a reply or an error frame; nothing a client sends can throw out of here, and only
 * repeated abuse or a full outbound buffer closes the socket.
 *
 * <p>Requests about one room run one after another (a {@link KeyedSerialQueue} per room), so a
 * {@code meta} sent right after {@code join} applies to the joined member, and a close while joining
 * leaves after the join.
 *
 * <p>Its token is a {@link ConnectionToken}: refreshed by {@code auth} (or {@code hello}); at its
 * expiry the connection leaves every room at once, as on close, and is closed with 4001, so an
 * expired connection's heartbeats never keep it a member.
 */
public final class PresenceConnection implements Recipient, LiveConnections.Drainable {
  private static final Logger LOG = LoggerFactory.getLogger(PresenceConnection.class);

  private final ServerWebSocket ws;
  private final LockstepConfig nodeConfig;
  private final TokenVerifier tokens;
  private final PresenceMetrics metrics;
  private final LiveConnections connections;
  private final LoopRooms rooms;
  private final Context context;
  private final PresenceConfig config;
  private final String conn;
  private final DirectOutbound out;
  private final TokenBucket metaRate;
  private final ErrorBudget errorBudget;
  private final KeyedSerialQueue<String> perRoom = new KeyedSerialQueue<>();
  /** Rooms joined or being joined. */
  private final Set<String> joined = new HashSet<>();
  private final ConnectionToken token;
  private long lastHeardNanos = System.nanoTime();
  private boolean closing;

  /**
   * @param conn the connection's id ({@link ConnIds})
   * @param connections the node's open connections, which this one leaves when its socket closes
   */
  public PresenceConnection(ServerWebSocket ws, String conn, LockstepConfig nodeConfig, TokenVerifier tokens,
      PresenceMetrics metrics, LiveConnections connections, LoopRooms rooms, Context context) {
    this.ws = ws;
    this.nodeConfig = nodeConfig;
    this.tokens = tokens;
    this.metrics = metrics;
    this.connections = connections;
    this.rooms = rooms;
    this.context = context;
    this.config = nodeConfig.presence();
    this.conn = conn;
    long now = System.nanoTime();
    var limits = nodeConfig.limits();
    this.out = new DirectOutbound(ws, limits.maxOutboundBytes(), metrics::slowConsumerClosed);
    this.metaRate = new TokenBucket(config.metaPerSecond(), config.metaBurst(), now);
    this.errorBudget = new ErrorBudget(limits.maxErrorsPerMinute(), now);
    this.token = new ConnectionToken(ws, context, tokens, this::expired,
        () -> out.close(CloseCodes.HELLO_TIMEOUT, "no hello"));
  }

  /** Wires the socket's handlers; the connection lives until the socket closes. */
  public void start() {
    metrics.connectionOpened();
    token.opened(nodeConfig.connections().helloTimeoutMs());
    ws.textMessageHandler(this::onText);
    ws.binaryMessageHandler(this::onBinary);
    ws.exceptionHandler(e -> LOG.debug("socket error: {}", e.getMessage()));
    ws.closeHandler(v -> onClose());
  }

  // ---- Recipient ----

  @Override
  public String conn() {
    return conn;
  }

  @Override
  public void push(byte[] frame) {
    out.send(frame);
  }

  @Override
  public void expelled(String room) {
    joined.remove(room);
    out.send(ServerFrames.expelled(room));
  }

  @Override
  public long silentForMs() {
    return (System.nanoTime() - lastHeardNanos) / 1_000_000;
  }

  // ---- frames in ----

  private void onBinary(Buffer data) {
    lastHeardNanos = System.nanoTime();
    fail(null, null, ErrorCode.BAD_REQUEST, "frames must be JSON text frames, not binary");
  }

  private void onText(String text) {
    lastHeardNanos = System.nanoTime();
    int maxBytes = nodeConfig.limits().maxFrameBytes();
    int bytes = Utf8.length(text);
    if (bytes > maxBytes) {
      fail(null, null, ErrorCode.TOO_LARGE, "frame of " + bytes + " bytes is over the limit of " + maxBytes);
      return;
    }
    ClientFrame frame;
    try {
      frame = ClientFrames.parse(FrameFields.decodeObject(text), config.maxMetaBytes());
    } catch (BadFrame bad) {
      fail(bad.re(), bad.target(), bad.code(), bad.getMessage());
      return;
    }
    try {
      dispatch(frame);
    } catch (LockstepException e) {
      fail(frame.id(), frame.room(), e.code(), e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("unexpected failure handling {} frame", frame.getClass().getSimpleName(), e);
      fail(frame.id(), frame.room(), ErrorCode.INTERNAL, "internal error");
    }
  }


  private void dispatch(ClientFrame frame) {
    if (frame instanceof ClientFrame.Hello hello) {
      onHello(hello);
    } else if (frame instanceof ClientFrame.Auth auth) {
      onAuth(auth);
    } else if (frame instanceof ClientFrame.Ping ping) {
      out.send(ServerFrames.pong(ping.id()));
    } else if (frame instanceof ClientFrame.Heartbeat) {
      // Hearing from the connection was the point; lastHeardNanos is already updated.
    } else if (frame instanceof ClientFrame.Join join) {
      onJoin(join, currentRights());
    } else if (frame instanceof ClientFrame.Meta meta) {
      currentRights();
      onMeta(meta);
    } else if (frame instanceof ClientFrame.Leave leave) {
      onLeave(leave);
    } else {
      throw new AssertionError(frame);
    }
  }

  private Rights currentRights() {
    Rights rights = token.rights();
    if (closing) {
      throw new LockstepException(ErrorCode.UNAVAILABLE, "server is shutting down; reconnect");
    }
    return rights;
  }

  private void onHello(ClientFrame.Hello hello) {
    token.verify(hello.token()).onComplete(ar -> {
      if (ar.failed()) {
        token.refused();
        failWith(hello.id(), null, ar.cause());
        return;
      }
      reapply(ar.result());
      out.send(ServerFrames.welcome(hello.id(), nodeConfig.nodeId(), nodeConfig.heartbeatMs(), conn, config.ttlMs(),
          ConnectionToken.exp(ar.result())));
    });
  }

  /** A fresh token; a refused one changes nothing (the previous token keeps its rights until it expires). */
  private void onAuth(ClientFrame.Auth auth) {
    token.verify(auth.token()).onComplete(ar -> {
      if (ar.failed()) {
        failWith(auth.id(), null, ar.cause());
        return;
      }
      reapply(ar.result());
      out.send(ServerFrames.authed(auth.id(), ConnectionToken.exp(ar.result())));
    });
  }

  /** A new token's rights apply to the rooms the connection is in: each it may no longer join is left, with an error. */
  private void reapply(Rights rights) {
    for (String room : List.copyOf(joined)) {
      if (!rights.canJoin(room)) {
        joined.remove(room);
        perRoom.submit(room, () -> rooms.leave(this, room, LeaveCause.LEAVE));
        out.send(ServerFrames.leftForbidden(room));
      }
    }
  }

  /** The token ran out without a refresh: its members leave now (once: the close finds no room left), then the socket closes. */
  private void expired() {
    leaveAll();
    out.send(ServerFrames.error(null, null, ErrorCode.UNAUTHORIZED, "token expired"));
    out.close(CloseCodes.TOKEN_EXPIRED, "token expired");
  }

  private void onJoin(ClientFrame.Join join, Rights current) {
    String room = join.room();
    if (!current.canJoin(room)) {
      throw new LockstepException(ErrorCode.FORBIDDEN, "token has no presence right on " + room);
    }
    String user = userFor(join, current);
    if (!joined.contains(room) && joined.size() >= config.maxRooms()) {
      throw new LockstepException(ErrorCode.TOO_LARGE, "a connection may be in " + config.maxRooms() + " rooms");
    }
    joined.add(room);
    Member member = new Member(conn, user, join.meta(), System.currentTimeMillis());
    perRoom.submit(room, () -> rooms.join(this, room, member)).onComplete(ar -> {
      if (ar.failed()) {
        joined.remove(room);
        failWith(join.id(), room, ar.cause());
      } else if (joined.contains(room)) {
        out.send(ServerFrames.members(join.id(), room, ar.result()));
      }
    });
  }

  /**
   * With authentication on, the user is the token's {@code sub}: a join naming someone else is
   * refused ({@code forbidden}) rather than silently renamed. Without it, the frame's {@code user}
   * (or {@code anonymous}).
   */
  private String userFor(ClientFrame.Join join, Rights current) {
    if (!tokens.enabled()) {
      return join.user() != null ? join.user() : current.user();
    }
    if (join.user() != null && !join.user().equals(current.user())) {
      throw new LockstepException(ErrorCode.FORBIDDEN, "user must be the token's sub");
    }
    return current.user();
  }

  private void onMeta(ClientFrame.Meta meta) {
    if (!joined.contains(meta.room())) {
      throw new LockstepException(ErrorCode.NOT_FOUND, "not in room " + meta.room() + "; join it first");
    }
    if (!metaRate.tryTake(System.nanoTime())) {
      throw new LockstepException(ErrorCode.RATE_LIMITED,
          "more than " + config.metaPerSecond() + " meta frames per second; slow down");
    }
    perRoom.submit(meta.room(), () -> {
      rooms.meta(this, meta.room(), meta.meta());
      return Future.succeededFuture();
    }).onFailure(e -> failWith(meta.id(), meta.room(), e));
  }

  private void onLeave(ClientFrame.Leave leave) {
    String room = leave.room();
    joined.remove(room);
    perRoom.submit(room, () -> rooms.leave(this, room, LeaveCause.LEAVE)).onComplete(ar -> {
      if (ar.failed()) {
        failWith(leave.id(), room, ar.cause());
      } else {
        out.send(ServerFrames.left(leave.id(), room));
      }
    });
  }

  // ---- errors ----

  private void failWith(Long re, String room, Throwable cause) {
    if (cause instanceof LockstepException e) {
      fail(re, room, e.code(), e.getMessage());
    } else {
      LOG.error("room {}: unexpected failure", room, cause);
      fail(re, room, ErrorCode.INTERNAL, "internal error");
    }
  }

  private void fail(Long re, String room, ErrorCode code, String message) {
    metrics.error(code);
    out.send(ServerFrames.error(re, room, code, message));
    if (!errorBudget.spend(System.nanoTime())) {
      LOG.info("closing a presence connection that earned too many errors");
      out.close(CloseCodes.POLICY_VIOLATION, "too many bad requests");
    }
  }

  // ---- the end ----

  /** Leaves every room at once (each announced by whoever removes it), queued behind the room's pending requests. */
  private Future<Void> leaveAll() {
    List<Future<Boolean>> leaves = new ArrayList<>();
    for (String room : List.copyOf(joined)) {
      leaves.add(perRoom.submit(room, () -> rooms.leave(this, room, LeaveCause.CLOSE)));
    }
    joined.clear();
    return Future.join(leaves).mapEmpty();
  }

  @Override
  public Future<Void> drainAndClose() {
    return ContextHop.call(context, () -> {
      closing = true;
      return leaveAll().eventually(() -> {
        out.close(CloseCodes.GOING_AWAY, "server shutting down");
        return Future.succeededFuture();
      });
    });
  }

  private void onClose() {
    token.closed();
    leaveAll().onComplete(ar -> {
      if (ar.failed()) {
        LOG.debug("leaving rooms after close failed: {}", ar.cause().toString());
      }
    });
    metrics.connectionClosed();
    connections.remove(this);
  }
}
