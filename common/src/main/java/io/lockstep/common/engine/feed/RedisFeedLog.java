package io.lockstep.common.engine.feed;

import io.lockstep.common.engine.redis.LuaScript;
import io.lockstep.common.engine.redis.RedisConnections;
import io.lockstep.common.engine.redis.RedisKeys;
import io.vertx.core.Future;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The {@link FeedLog} shared by every replica: one Redis Stream per channel; passes
 * {@code FeedLogContract} like {@link MemoryFeedLog}.
 *
 * <p>Layout (see {@link RedisKeys}): the stream, whose entry ids are the events' {@link FeedId}s
 * ({@code <ms>-<seq>}, set explicitly rather than by Redis so {@code seq} has no gaps); a small hash
 * with the last {@code seq} and time; a sorted set of recent de-duplication keys. All carry the
 * channel as hash tag, so one script may touch them together in Redis Cluster.
 *
 * <p>Append is one script ({@code lua/feed_append.lua}): de-duplicate, number, {@code XADD} with
 * {@code MAXLEN retainEvents}, {@code XTRIM MINID now-retainMs}, {@code PUBLISH} on
 * {@link FeedTopics#forChannel} (a {@code RedisBroker} on the same Redis receives it). Read is one
 * script too ({@code lua/feed_read.lua}): age-trim, then the latest and oldest ids and one
 * {@code XRANGE} page, consistent with each other.
 *
 * <p>Time comes from the caller's clock; the script never lets a channel's time go back, so ids keep
 * growing across appenders whose clocks differ a little. Failures: anything from Redis fails the
 * future with {@code LockstepException(unavailable)}; threading: stateless, safe from any context.
 *
 * <p>Limits: a channel's hash (and an empty stream) stays in Redis after its events expire, so a
 * resumed id keeps its meaning; channels are never deleted.
 */
public final class RedisFeedLog implements FeedLog {
  private static final LuaScript APPEND = LuaScript.load("feed_append");
  private static final LuaScript READ = LuaScript.load("feed_read");

  private final RedisConnections redis;
  private final int retainEvents;
  private final long retainMs;
  private final long dedupeMs;
  private final LongSupplier clock;

  /**
   * @param redis the connections to use; not closed by this log
   * @param retainEvents events kept per channel, at least 1
   * @param retainMs age past which events are trimmed, at least 1
   * @param dedupeMs how long an append's key is remembered, at least 1
   * @param clock epoch milliseconds ({@code System::currentTimeMillis} outside tests)
   */
  public RedisFeedLog(RedisConnections redis, int retainEvents, long retainMs, long dedupeMs, LongSupplier clock) {
    this.redis = Objects.requireNonNull(redis, "redis");
    if (retainEvents < 1 || retainMs < 1 || dedupeMs < 1) {
      throw new IllegalArgumentException("retention and de-duplication bounds must be positive");
    }
    this.retainEvents = retainEvents;
    this.retainMs = retainMs;
    this.dedupeMs = dedupeMs;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public Future<AppendResult> append(String channel, String type, String data, String dedupeKeyOrNull) {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(data, "data");
    List<Object> args = List.of(clock.getAsLong(), type, data, dedupeKeyOrNull == null ? "" : dedupeKeyOrNull,
        dedupeMs, retainEvents, retainMs, FeedTopics.forChannel(channel));
    // Over the ordered connection: appends to one channel are stored in the order they were made
    // (over the pool, two appends sent back to back could be run the other way round).
    return redis.ordered().send(APPEND.eval(RedisKeys.feedAppendKeys(channel), args))
        .recover(e -> RedisConnections.unavailable("feed log", e))
        .map(reply -> reply.get(0).toInteger() == 0
            ? new AppendResult.Duplicate()
            : new AppendResult.Appended(new FeedEvent(channel, parseId(reply.get(1)), type, data)));
  }

  @Override
  public Future<FeedPage> read(String channel, FeedId after, int limit) {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(after, "after");
    if (limit < 0) {
      return Future.failedFuture(new IllegalArgumentException("limit must be >= 0, got " + limit));
    }
    String start = after.equals(FeedId.NONE) ? "-" : "(" + after;
    List<Object> args = List.of(clock.getAsLong(), retainMs, start, limit);
    return READ.run(redis, RedisKeys.feedReadKeys(channel), args)
        .recover(e -> RedisConnections.unavailable("feed log", e))
        .map(reply -> page(channel, reply));
  }

  private static FeedPage page(String channel, Response reply) {
    FeedId latest = parseId(reply.get(0));
    String oldest = reply.get(1).toString();
    List<FeedEvent> events = new ArrayList<>((reply.size() - 2) / 3);
    for (int i = 2; i + 2 < reply.size(); i += 3) {
      events.add(new FeedEvent(channel, parseId(reply.get(i)), reply.get(i + 1).toString(), reply.get(i + 2).toString()));
    }
    return new FeedPage(events, oldest.isEmpty() ? null : FeedId.parse(oldest, "stored id"), latest);
  }

  private static FeedId parseId(Response id) {
    return FeedId.parse(id.toString(), "stored id");
  }
}
