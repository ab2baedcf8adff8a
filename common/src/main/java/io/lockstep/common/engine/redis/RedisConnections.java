package io.lockstep.common.engine.redis;

import io.lockstep.common.config.RedisConfig;
import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.LockstepException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.RedisRole;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The connections of one node to the shared Redis: a pooled client for commands (shared by the op
 * store and the broker's publishes) and, on request, dedicated clients for pub/sub. Built from
 * {@link RedisConfig} (endpoints, standalone/sentinel/cluster, sentinel master name).
 *
 * <p>Every command gets a deadline ({@link #COMMAND_TIMEOUT} by default): vertx-redis-client has
 * none of its own, and a Redis that stops answering must turn into an {@code unavailable} failure
 * rather than a request that waits forever. A command that timed out may still run later.
 *
 * <p>Threading: thread-safe. The client completes a command's future on the context that sent it
 * (a new one when sent from outside Vert.x); the engines built on it pass that on unchanged.
 *
 * <p>Lifecycle: whoever creates this closes it ({@link #close}), after the engines using it.
 */
public final class RedisConnections {
  /** Pooled command connections per node: commands are short, so a few connections carry many loops. */
  public static final int POOL_SIZE = 16;
  /** Commands that may wait for a pooled connection before new ones fail fast. */
  public static final int POOL_WAITING = 4096;
  /** The deadline of one command by default. */
  public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);

  private final Vertx vertx;
  private final RedisOptions options;
  private final Redis client;
  private final long timeoutMs;
  private OrderedRedis ordered;

  /** Connections to the Redis described by {@code config}, with the default pool and timeout. */
  public static RedisConnections create(Vertx vertx, RedisConfig config) {
    return new RedisConnections(vertx, options(config), COMMAND_TIMEOUT);
  }

  /**
   * Connections built from explicit client options (tests, tuning).
   *
   * @param commandTimeout the deadline of each command, positive
   */
  public RedisConnections(Vertx vertx, RedisOptions options, Duration commandTimeout) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.options = new RedisOptions(Objects.requireNonNull(options, "options"));
    if (commandTimeout.isNegative() || commandTimeout.isZero()) {
      throw new IllegalArgumentException("the command timeout must be positive, got " + commandTimeout);
    }
    this.timeoutMs = commandTimeout.toMillis();
    this.client = Redis.createClient(vertx, this.options);
  }

  /**
   * The client options for {@code config}: its endpoints and mode, the sentinel master (always the
   * master role: every engine writes), and the pool sizes above.
   *
   * @throws IllegalArgumentException when {@code config} has no endpoint (the memory engines apply)
   */
  public static RedisOptions options(RedisConfig config) {
    if (!config.enabled()) {
      throw new IllegalArgumentException("no Redis endpoint is configured");
    }
    RedisOptions options = new RedisOptions()
        .setEndpoints(config.endpoints())
        .setType(type(config.mode()))
        .setMaxPoolSize(POOL_SIZE)
        .setMaxPoolWaiting(POOL_WAITING);
    if (config.mode().equals("sentinel")) {
      options.setMasterName(config.masterName()).setRole(RedisRole.MASTER);
    }
    return options;
  }

  /**
   * Sends {@code request} on a pooled connection. Fails with the Redis error for an error reply,
   * with a timeout after the command deadline, or with the I/O failure when Redis cannot be reached;
   * callers turn the last two into {@code unavailable} with {@link #unavailable}.
   */
  public Future<Response> send(Request request) {
    return client.send(request).timeout(timeoutMs, TimeUnit.MILLISECONDS);
  }

  /**
   * The procedure of a service's Redis health check ({@code HealthChecks.register}): OK while Redis
   * answers {@code PING} within the command deadline, KO with the error otherwise.
   */
  public Handler<Promise<Status>> healthCheck() {
    return promise -> ping().onComplete(ar -> promise.complete(ar.succeeded()
        ? Status.OK()
        : Status.KO(new JsonObject().put("error", String.valueOf(ar.cause().getMessage())))));
  }

  /** {@code PING} within the command deadline: succeeds when Redis answers. */
  public Future<Void> ping() {
    return send(Request.cmd(Command.PING)).mapEmpty();
  }

  /**
   * A new client with at most one connection, for a pub/sub subscriber: a subscribed connection
   * cannot run other commands, so it must not come from the command pool. The caller closes it.
   */
  public Redis newDedicatedClient() {
    return Redis.createClient(vertx, new RedisOptions(options).setMaxPoolSize(1).setMaxPoolWaiting(16));
  }

  /** The pooled command client, for what {@link #send} does not cover. */
  public Redis client() {
    return client;
  }

  /**
   * The connection for commands that must run in the order they are sent ({@link OrderedRedis}),
   * opened on first use; one per instance, closed with it.
   */
  public synchronized OrderedRedis ordered() {
    if (ordered == null) {
      ordered = new OrderedRedis(vertx, newDedicatedClient(), timeoutMs);
    }
    return ordered;
  }

  /** Closes the pooled client and the ordered connection; commands sent afterwards fail. */
  public Future<Void> close() {
    OrderedRedis open;
    synchronized (this) {
      open = ordered;
    }
    Future<Void> closing = open == null ? Future.succeededFuture() : open.close();
    return closing.eventually(client::close);
  }

  /**
   * A failed future with {@code LockstepException(unavailable)} for a failure of {@code what} (e.g.
   * {@code "op store"}), keeping {@code cause} for the log. A {@link LockstepException} passes as it is.
   */
  public static <T> Future<T> unavailable(String what, Throwable cause) {
    return Future.failedFuture(unavailableError(what, cause));
  }

  /** The exception {@link #unavailable} fails with. */
  public static LockstepException unavailableError(String what, Throwable cause) {
    if (cause instanceof LockstepException known) {
      return known;
    }
    return new LockstepException(ErrorCode.UNAVAILABLE, what + " unavailable; retry later", cause);
  }

  private static RedisClientType type(String mode) {
    return switch (mode) {
      case "standalone" -> RedisClientType.STANDALONE;
      case "sentinel" -> RedisClientType.SENTINEL;
      case "cluster" -> RedisClientType.CLUSTER;
      default -> throw new IllegalArgumentException("unknown Redis mode " + mode);
    };
  }
}
