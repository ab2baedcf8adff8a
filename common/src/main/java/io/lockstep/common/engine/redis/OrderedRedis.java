package io.lockstep.common.engine.redis;

import io.lockstep.common.util.ContextHop;
import io.lockstep.common.util.VertxInternals;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.concurrent.TimeUnit;

/**
 * One dedicated Redis connection whose commands run in the order they were sent, for writes whose
 * order matters: a document topic's publishes, a feed channel's appends. Over the command pool two
 * commands sent one after the other may travel on two connections and run in either order. Here
 * every command goes over ONE connection (pipelined: nothing waits for the previous reply). In
 * cluster mode the client routes each command by its key to the node that owns the key's slot, over
 * one connection per node, so commands about one hash tag keep their order too.
 *
 * <p>Scripts are sent with {@code EVAL} ({@link LuaScript#eval}), never {@code EVALSHA}: a cache
 * miss answered with {@code NOSCRIPT} and resent would overtake the commands sent after it.
 *
 * <p>Threading: every call hops to a context of its own, in call order, and the connection is
 * touched only there. A failed connection is replaced on the next command.
 */
public final class OrderedRedis {
  private final Context home;
  private final Redis client;
  private final long timeoutMs;
  private Future<RedisConnection> connection;
  private boolean closed;

  OrderedRedis(Vertx vertx, Redis client, long timeoutMs) {
    // A context of its own rather than a caller's: the connection outlives any one verticle.
    this.home = VertxInternals.ownEventLoopContext(vertx);
    this.client = client;
    this.timeoutMs = timeoutMs;
  }

  /**
   * Sends {@code request} after every command sent before it (from the same thread); fails like
   * {@link RedisConnections#send}.
   */
  public Future<Response> send(Request request) {
    return ContextHop.call(home, () -> connected()
        .compose(c -> c.send(request))
        .timeout(timeoutMs, TimeUnit.MILLISECONDS));
  }

  Future<Void> close() {
    return ContextHop.call(home, () -> {
      closed = true;
      Future<RedisConnection> open = connection;
      connection = null;
      Future<Void> closing = open == null ? Future.succeededFuture() : open.compose(RedisConnection::close);
      return closing.otherwiseEmpty().compose(v -> client.close()).otherwiseEmpty();
    });
  }

  /** The connection, opened on first use and again after it failed. */
  private Future<RedisConnection> connected() {
    if (closed) {
      return Future.failedFuture(new IllegalStateException("the Redis connections are closed"));
    }
    if (connection == null || connection.failed()) {
      Future<RedisConnection> opening = client.connect();
      connection = opening;
      opening.onSuccess(c -> {
        c.exceptionHandler(e -> forget(opening));
        c.endHandler(v -> forget(opening));
      });
    }
    return connection;
  }

  private void forget(Future<RedisConnection> broken) {
    home.runOnContext(v -> {
      if (connection == broken) {
        connection = null;
      }
    });
  }
}
