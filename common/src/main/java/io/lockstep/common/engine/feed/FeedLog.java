package io.lockstep.common.engine.feed;

import io.vertx.core.Future;

/**
 * The history of feed channels: append with an ordered id, read back after an id. Implementations:
 * {@link MemoryFeedLog} (one process) and {@link RedisFeedLog} (Redis Streams, shared by replicas);
 * both pass {@code FeedLogContract}.
 *
 * <p>Ids: a channel's events are numbered 1, 2, 3, … without gaps ({@link FeedId#seq}), with a
 * non-decreasing append time ({@link FeedId#ms}); ids are unique and ordered within a channel.
 *
 * <p>Publishing: each appended event is published on the broker topic
 * {@link FeedTopics#forChannel} ({@link FeedEventCodec}), atomically with the append, so publish
 * order equals append order. The broker is at-most-once: subscribers detect a skipped {@code seq}
 * and read what they missed with {@link #read}.
 *
 * <p>Retention: a channel keeps at most {@code retainEvents} events, and none older than
 * {@code retainMs} (both settings of the implementation); older events are trimmed when the channel is
 * appended to or read. A trimmed event is never returned again.
 *
 * <p>De-duplication: an append with a key is a no-op ({@link AppendResult.Duplicate}) when the same
 * channel had an append with the same key within the implementation's de-duplication window. This
 * lets several nodes offer the same event (each committed op reaches every node of a cluster) and
 * have it stored once.
 *
 * <p>Threading and failures: callable from any context; a future may complete on another context
 * (callers resume on theirs). Futures fail only for bad arguments or an unreachable store
 * ({@code LockstepException(unavailable)}); after a failed append the event may or may not be stored.
 */
public interface FeedLog {

  /**
   * Appends an event to {@code channel}, unless {@code dedupeKeyOrNull} was seen recently.
   *
   * @param type the SSE event type, without newlines
   * @param data one line of JSON
   * @param dedupeKeyOrNull a key unique to this event (e.g. {@code doc} and {@code v} of an op), or
   *     null to always append
   */
  Future<AppendResult> append(String channel, String type, String data, String dedupeKeyOrNull);

  /**
   * Up to {@code limit} retained events of {@code channel} after {@code after} ({@link FeedId#NONE}
   * for the first retained ones), with what is needed to tell whether any were lost
   * ({@link FeedPage#missedAfter}).
   */
  Future<FeedPage> read(String channel, FeedId after, int limit);

  /** The id of {@code channel}'s latest event, {@link FeedId#NONE} when it has none. */
  default Future<FeedId> latest(String channel) {
    return read(channel, FeedId.NONE, 0).map(FeedPage::latest);
  }
}
