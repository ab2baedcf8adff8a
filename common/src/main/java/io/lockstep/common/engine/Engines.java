package io.lockstep.common.engine;

import io.lockstep.common.config.LockstepConfig;
import io.lockstep.common.engine.broker.Broker;
import io.lockstep.common.engine.broker.MemoryBroker;
import io.lockstep.common.engine.broker.RedisBroker;
import io.lockstep.common.engine.feed.DocFeeds;
import io.lockstep.common.engine.feed.FeedLog;
import io.lockstep.common.engine.feed.MemoryFeedLog;
import io.lockstep.common.engine.feed.RedisFeedLog;
import io.lockstep.common.engine.ops.MemoryOpStore;
import io.lockstep.common.engine.ops.OpStore;
import io.lockstep.common.engine.ops.RedisOpStore;
import io.lockstep.common.engine.ops.Retention;
import io.lockstep.common.engine.presence.MemoryPresenceStore;
import io.lockstep.common.engine.presence.PresenceStore;
import io.lockstep.common.engine.presence.RedisPresenceStore;
import io.lockstep.common.engine.redis.RedisConnections;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.healthchecks.HealthChecks;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Every engine of one process, built once and shared by the services it runs: one broker and, with
 * Redis, one set of Redis connections, whatever the number of services. The memory engines when no
 * Redis is configured (one process), the Redis ones otherwise (shared by every replica). Each store
 * is made on first use, so a process running only presence never builds an op store.
 *
 * <p>Created by the launcher (or an application embedding Lockstep services) before the services,
 * closed once after all of them stopped. Thread-safe.
 */
public final class Engines {
  /** The health check registered for Redis, when Redis is used. */
  public static final String REDIS_HEALTH_CHECK = "redis";
  /**
   * How long a built-in feed event's key is remembered. It only has to outlast the spread between the
   * nodes of a cluster receiving the same event-bus publish, which is milliseconds.
   */
  static final long FEED_DEDUPE_MS = 10_000;

  private final Broker broker;
  private final RedisConnections redis;
  private final String description;
  private final Supplier<OpStore> newOps;
  private final Supplier<PresenceStore> newPresence;
  private final Supplier<FeedLog> newFeeds;
  private OpStore ops;
  private PresenceStore presence;
  private FeedLog feeds;
  private HealthChecks health;

  private Engines(Broker broker, RedisConnections redis, String description, Supplier<OpStore> ops,
      Supplier<PresenceStore> presence, Supplier<FeedLog> feeds) {
    this.broker = broker;
    this.redis = redis;
    this.description = description;
    this.newOps = ops;
    this.newPresence = presence;
    this.newFeeds = feeds;
  }

  /** The engines {@code config} asks for: Redis when {@code config.redis()} is enabled, memory otherwise. */
  public static Engines create(Vertx vertx, LockstepConfig config) {
    return config.redis().enabled() ? redis(vertx, config) : memory(vertx, config);
  }

  /** The embedded engines: one memory broker, and memory stores publishing on it. */
  public static Engines memory(Vertx vertx, LockstepConfig config) {
    MemoryBroker broker = new MemoryBroker(vertx);
    var feeds = config.feeds();
    return new Engines(broker, null, "memory engines (embedded; one process only)",
        () -> new MemoryOpStore(vertx, broker, Retention.of(config.limits())),
        () -> new MemoryPresenceStore(broker),
        () -> new MemoryFeedLog(broker, feeds.retainEvents(), feeds.retainMs(), FEED_DEDUPE_MS,
            System::currentTimeMillis));
  }

  /**
   * The shared engines on the Redis of {@code config}; nothing connects until first used. The stores
   * publish through Redis, where the one broker receives it.
   */
  public static Engines redis(Vertx vertx, LockstepConfig config) {
    RedisConnections redis = RedisConnections.create(vertx, config.redis());
    String where = config.redis().endpoints().stream().map(Engines::withoutCredentials)
        .collect(Collectors.joining(", "));
    var feeds = config.feeds();
    return new Engines(new RedisBroker(vertx, redis), redis,
        "Redis engines (" + config.redis().mode() + ": " + where + ")",
        () -> new RedisOpStore(redis, Retention.of(config.limits()),
            new DocFeeds(feeds.retainEvents(), feeds.retainMs(), System::currentTimeMillis)),
        () -> new RedisPresenceStore(redis),
        () -> new RedisFeedLog(redis, feeds.retainEvents(), feeds.retainMs(), FEED_DEDUPE_MS,
            System::currentTimeMillis));
  }

  /**
   * Engines the caller made and owns, for tests that run several nodes in one JVM over shared
   * stores, as replicas share Redis. A store left {@code null} fails when asked for; {@link #close}
   * closes nothing.
   */
  public static Engines given(Broker broker, OpStore ops, PresenceStore presence, FeedLog feeds) {
    Objects.requireNonNull(broker, "broker");
    return new Engines(broker, null, "engines given by the caller", () -> required(ops, "op store"),
        () -> required(presence, "presence store"), () -> required(feeds, "feed log"));
  }

  public Broker broker() {
    return broker;
  }

  /** The op store of the sync-service. */
  public synchronized OpStore ops() {
    if (ops == null) {
      ops = newOps.get();
    }
    return ops;
  }

  /** The presence store. */
  public synchronized PresenceStore presence() {
    if (presence == null) {
      presence = newPresence.get();
    }
    return presence;
  }

  /** The log of the SSE feeds. */
  public synchronized FeedLog feeds() {
    if (feeds == null) {
      feeds = newFeeds.get();
    }
    return feeds;
  }

  /**
   * Whether the op store appends each committed op to its document's {@code doc:} feed channel in the
   * commit itself (Redis: {@code op_commit.lua}), so the feed-service must not append them again. The
   * memory engines live and die with their one process, so appending after the commit loses nothing
   * there.
   */
  public boolean opStoreWritesDocFeeds() {
    return redis != null;
  }

  /** Whether the engines are shared with other replicas (Redis). */
  public boolean shared() {
    return redis != null;
  }

  /** What is used, for the start-up log; endpoint credentials are left out. */
  public String description() {
    return description;
  }

  /**
   * Registers a health check that {@code PING}s Redis (KO while it does not answer), when Redis is
   * used; nothing for the memory engines. {@link #close} removes it.
   */
  public synchronized void registerHealthChecks(HealthChecks checks) {
    if (redis == null) {
      return;
    }
    health = Objects.requireNonNull(checks, "checks");
    health.register(REDIS_HEALTH_CHECK, redis.healthCheck());
  }

  /** Closes the broker's pub/sub connection, then the Redis connections; nothing to do for memory. */
  public synchronized Future<Void> close() {
    if (health != null) {
      health.unregister(REDIS_HEALTH_CHECK);
      health = null;
    }
    if (redis == null) {
      return Future.succeededFuture();
    }
    return ((RedisBroker) broker).close().eventually(redis::close);
  }

  private static <T> T required(T engine, String what) {
    if (engine == null) {
      throw new IllegalStateException("no " + what + " was given to these engines");
    }
    return engine;
  }

  private static String withoutCredentials(String endpoint) {
    return endpoint.replaceFirst("//[^@/]*@", "//");
  }
}
