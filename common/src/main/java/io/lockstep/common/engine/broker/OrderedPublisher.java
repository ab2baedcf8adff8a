package io.lockstep.common.engine.broker;

import io.lockstep.common.engine.redis.RedisConnections;
import io.lockstep.common.util.ContextHop;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import java.util.concurrent.TimeUnit;

/**
 * Sends a {@link RedisBroker}'s publishes so that one topic's messages reach Redis in the order
 * they were published. Over the command pool two publishes could travel on two connections and
 * be run in either order; in cluster mode a keyless {@code PUBLISH} even goes to a random node,
 * and two nodes forward their messages to subscribers independently. So every publish goes over
 * ONE connection, as a one-line script whose key is the topic: the client routes it to the node
 * that owns the topic's hash slot (where the op-commit script publishes too: topics carry their
 * document's hash tag), and one connection to one node runs commands in order.
 *
 * <p>{@code EVAL} rather than {@code EVALSHA}: a script cache miss answered with
 * {@code NOSCRIPT} and resent would overtake later publishes. The script is tiny and Redis caches
 * its compiled form.
 *
 * <p>Threading: every call hops to the broker's context, in call order, and the connection is
 * touched only there.
 */
final class OrderedPublisher {
  private static final String SCRIPT = "return redis.call('PUBLISH', KEYS[1], ARGV[1])";

  private final Context home;
  private final Redis client;
  private final long timeoutMs;
  private Future<RedisConnection> connection;
  private boolean closed;

  OrderedPublisher(Context home, RedisConnections redis) {
    this.home = home;
    this.client = redis.newDedicatedClient();
    this.timeoutMs = RedisConnections.COMMAND_TIMEOUT.toMillis();
  }

  Future<Void> publish(String topic, Buffer payload) {
    Request request = Request.cmd(Command.EVAL).arg(SCRIPT).arg(1).arg(topic).arg(payload);
    return ContextHop.call(home, () -> connected()
        .compose(c -> c.send(request))
        .timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .<Void>mapEmpty()
        .recover(e -> RedisConnections.unavailable("broker", e)));
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
      return Future.failedFuture(new IllegalStateException("the broker is closed"));
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
