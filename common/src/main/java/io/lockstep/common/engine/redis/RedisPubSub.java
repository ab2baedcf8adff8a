package io.lockstep.common.engine.redis;

import io.lockstep.common.util.ContextHop;
import io.lockstep.common.util.VertxInternals;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One dedicated Redis pub/sub connection that keeps itself open while it is wanted: it connects on
 * demand, and when it drops (Redis restarted, network) or cannot be opened it reconnects with
 * exponential backoff (from {@code firstRetry}, doubling, capped at {@code maxRetry}, with jitter),
 * for as long as its {@link Listener} still wants it. A connection that dies without being closed is
 * noticed by a {@code PING} every 15 s (RESP3 only), or when the listener {@link #drop}s it (an
 * unconfirmed {@code SUBSCRIBE}).
 *
 * <p>What is subscribed is the listener's business: on every new connection it sends its
 * {@code SUBSCRIBE}s again ({@link Listener#connected}), and it receives every push.
 *
 * <p>Threading: everything runs on a context the connection owns ({@link #home}), not the caller's:
 * the connection outlives whichever verticle built it. Methods other than {@link #call} and
 * {@link #close} must be called on it, and the listener is called on it.
 */
public final class RedisPubSub {
  /** Delay before the first reconnection attempt by default. */
  public static final Duration FIRST_RETRY = Duration.ofMillis(50);
  /**
   * Longest delay between reconnection attempts by default. Short: every message published while the
   * connection is down is lost, so once Redis is back the connection must be too, soon (issue 14:
   * subscribers within 2 s of a committed op; the wait for the next attempt is most of that). With
   * the jitter an attempt comes every 250–500 ms while Redis is away: a refused connection costs
   * Redis nothing, and one that hangs (Redis paused) is the only attempt until it ends.
   */
  public static final Duration MAX_RETRY = Duration.ofMillis(500);
  /** How often an idle-looking connection is checked with {@code PING}. */
  private static final long HEARTBEAT_MS = 15_000;
  /** How long that {@code PING} may take before the connection is considered dead. */
  private static final long HEARTBEAT_TIMEOUT_MS = 5_000;
  private static final Logger LOG = LoggerFactory.getLogger(RedisPubSub.class);

  /** What the owner of the connection decides and hears; called on {@link #home}. */
  public interface Listener {
    /** A connection is open (again): send the {@code SUBSCRIBE}s of every channel still wanted. */
    void connected();

    /** A push on the connection: {@code [kind, channel, …]}, as RESP3 push or RESP2 array. */
    void received(Response push);

    /** The connection is gone, or could not be opened. */
    void disconnected(Throwable cause);

    /** Whether a connection is still wanted (something is subscribed); asked before each reconnection. */
    boolean wanted();
  }

  private enum State { IDLE, CONNECTING, CONNECTED, WAITING_TO_RETRY, CLOSED }

  private final Vertx vertx;
  private final Redis client;
  private final Context home;
  private final long firstRetryMs;
  private final long maxRetryMs;
  private Listener listener;

  // Everything below is touched on `home` only.
  private State state = State.IDLE;
  private RedisConnection connection;
  /** Counts the connections opened, so a late failure of an old one cannot drop the current one. */
  private long generation;
  private Throwable lastFailure;
  private int failedAttempts;
  private boolean everConnected;
  private long retryTimer = -1;
  private long heartbeatTimer = -1;
  /** Whether the open connection speaks RESP3 (pushes are typed), which the heartbeat needs. */
  private boolean resp3;
  /**
   * The last heartbeat {@code PING} has had no answer yet. Its answer may come to the connection's
   * handler as a plain reply (it did with Redis 7: the {@code PING} future then never completed, and
   * every heartbeat dropped a healthy connection, losing its messages), or complete the future.
   */
  private boolean pingUnanswered;

  /**
   * @param redis where to connect; a dedicated client of its own is made, closed by {@link #close}
   * @param firstRetry delay before the first reconnection attempt, positive
   * @param maxRetry longest delay between attempts, at least {@code firstRetry}
   */
  public RedisPubSub(Vertx vertx, RedisConnections redis, Duration firstRetry, Duration maxRetry) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    if (firstRetry.toMillis() < 1 || maxRetry.compareTo(firstRetry) < 0) {
      throw new IllegalArgumentException("retry delays must be positive and firstRetry <= maxRetry, got "
          + firstRetry + " and " + maxRetry);
    }
    this.firstRetryMs = firstRetry.toMillis();
    this.maxRetryMs = maxRetry.toMillis();
    this.client = redis.newDedicatedClient();
    this.home = VertxInternals.ownEventLoopContext(vertx);
  }

  /** Sets who decides and hears; once, before anything is subscribed. */
  public void listener(Listener listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /** The context everything runs on. */
  public Context home() {
    return home;
  }

  /** Runs {@code action} on {@link #home} (at once when already there); completes on the caller's context. */
  public <T> Future<T> call(Supplier<Future<T>> action) {
    return ContextHop.call(home, action);
  }

  /** Runs {@code action} on {@link #home}. */
  public void onHome(Runnable action) {
    if (Vertx.currentContext() == home) {
      action.run();
    } else {
      home.runOnContext(v -> action.run());
    }
  }

  // ---- on `home` ----

  public boolean isConnected() {
    return state == State.CONNECTED;
  }

  public boolean isClosed() {
    return state == State.CLOSED;
  }

  /** Whether the last attempt failed and the next waits for its backoff; {@link #lastFailure} says why. */
  public boolean isWaitingToRetry() {
    return state == State.WAITING_TO_RETRY;
  }

  public Throwable lastFailure() {
    return lastFailure;
  }

  /** Opens a connection unless one is open, opening, or waiting to retry. */
  public void connectIfIdle() {
    if (state == State.IDLE) {
      connect();
    }
  }

  /**
   * Sends {@code request} on the open connection (call only while {@link #isConnected}); a failure
   * to send drops the connection. Returns the connection's generation, for {@link #drop}.
   */
  public long send(Request request) {
    RedisConnection open = connection;
    long sentOn = generation;
    open.send(request).onFailure(e -> onHome(() -> lost(sentOn, e)));
    return sentOn;
  }

  /** Treats the connection of {@code generation} as dead, if it is still the current one. */
  public void drop(long generation, Throwable cause) {
    lost(generation, cause);
  }

  /** Closes the connection and stops reconnecting, for good. Idempotent. */
  public Future<Void> close() {
    return call(() -> {
      if (state == State.CLOSED) {
        return Future.succeededFuture();
      }
      state = State.CLOSED;
      cancelRetry();
      cancelHeartbeat();
      RedisConnection open = connection;
      connection = null;
      Future<Void> closing = open == null ? Future.succeededFuture() : open.close();
      return closing.otherwiseEmpty().compose(v -> client.close()).otherwiseEmpty();
    });
  }

  private void connect() {
    state = State.CONNECTING;
    client.connect().onComplete(ar -> onHome(() -> connected(ar)));
  }

  private void connected(AsyncResult<RedisConnection> ar) {
    if (state == State.CLOSED) {
      if (ar.succeeded()) {
        ar.result().close();
      }
      return;
    }
    if (ar.failed()) {
      LOG.warn("Redis pub/sub connection failed: {}", ar.cause().toString());
      disconnected(ar.cause());
      return;
    }
    RedisConnection open = ar.result();
    connection = open;
    long current = ++generation;
    state = State.CONNECTED;
    if (everConnected) {
      LOG.info("Redis pub/sub connection open again; resubscribing");
    }
    everConnected = true;
    failedAttempts = 0;
    open.handler(push -> onHome(() -> {
      if (generation != current || state != State.CONNECTED || push == null) {
        return;
      }
      if (push.type() == ResponseType.PUSH || push.type() == ResponseType.MULTI) {
        resp3 |= push.type() == ResponseType.PUSH;
        listener.received(push);
      } else {
        // A plain reply on a subscribed connection is the answer to the heartbeat's PING: the
        // client hands it here, not to the PING's future.
        pingUnanswered = false;
      }
    }));
    open.exceptionHandler(e -> onHome(() -> lost(current, e)));
    open.endHandler(v -> onHome(() -> lost(current, new IllegalStateException("connection closed by Redis"))));
    resp3 = false;
    listener.connected();
    heartbeatTimer = vertx.setPeriodic(HEARTBEAT_MS, id -> onHome(() -> heartbeat(current)));
  }

  /**
   * Sends {@code PING}, so a connection that died without being closed (a host gone, a network
   * partition) is noticed and replaced instead of silently receiving nothing. Only with RESP3: under
   * RESP2 a subscribed connection answers {@code PING} with an array that the client could confuse
   * with a message.
   */
  private void heartbeat(long current) {
    if (generation != current || state != State.CONNECTED || !resp3) {
      return;
    }
    pingUnanswered = true;
    connection.send(Request.cmd(Command.PING)).onSuccess(pong -> onHome(() -> pingUnanswered = false));
    vertx.setTimer(HEARTBEAT_TIMEOUT_MS, id -> onHome(() -> {
      if (generation == current && pingUnanswered) {
        lost(current, new TimeoutException("no answer to PING within " + HEARTBEAT_TIMEOUT_MS + " ms"));
      }
    }));
  }

  private void lost(long current, Throwable cause) {
    if (current != generation || state != State.CONNECTED) {
      return;
    }
    RedisConnection open = connection;
    connection = null;
    cancelHeartbeat();
    open.close();
    LOG.warn("Redis pub/sub connection lost ({}); messages are lost until it is open again", cause.toString());
    disconnected(cause);
  }

  /** The connection is gone or could not be opened: the listener hears it, and a reconnection follows while wanted. */
  private void disconnected(Throwable cause) {
    lastFailure = cause;
    listener.disconnected(cause);
    if (!listener.wanted()) {
      state = State.IDLE;
      failedAttempts = 0;
      return;
    }
    state = State.WAITING_TO_RETRY;
    long delay = retryDelay(failedAttempts++);
    retryTimer = vertx.setTimer(delay, id -> onHome(() -> {
      retryTimer = -1;
      if (state != State.WAITING_TO_RETRY) {
        return;
      }
      if (listener.wanted()) {
        connect();
      } else {
        state = State.IDLE;
        failedAttempts = 0;
      }
    }));
  }

  /** Exponential backoff with jitter: half the capped delay fixed, the other half random. */
  private long retryDelay(int attempt) {
    long capped = Math.min(maxRetryMs, firstRetryMs << Math.min(attempt, 20));
    return capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
  }

  private void cancelRetry() {
    if (retryTimer != -1) {
      vertx.cancelTimer(retryTimer);
      retryTimer = -1;
    }
  }

  private void cancelHeartbeat() {
    if (heartbeatTimer != -1) {
      vertx.cancelTimer(heartbeatTimer);
      heartbeatTimer = -1;
    }
  }
}
