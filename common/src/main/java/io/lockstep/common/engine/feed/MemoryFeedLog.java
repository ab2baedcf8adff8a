package io.lockstep.common.engine.feed;

import io.lockstep.common.engine.broker.Broker;
import io.vertx.core.Future;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The in-process {@link FeedLog}: the embedded default for one process, with the Redis log's
 * semantics (gapless ids, trimming by count and age, de-duplication window, publish in append order),
 * checked by the same contract test.
 *
 * <p>How it works: one {@code Channel} per name; each call takes that channel's monitor for a short
 * critical section without I/O, so any number of event loops may share the log. {@code append}
 * publishes while holding the monitor, which makes publish order equal append order; this relies on
 * {@link Broker#publish} never blocking nor running handlers inline. Futures are already complete.
 *
 * <p>Limits: on the heap, lost when the process ends; one process only. A channel's counters stay
 * after its events are trimmed (a few dozen bytes per channel ever used).
 */
public final class MemoryFeedLog implements FeedLog {
  private final Broker broker;
  private final int retainEvents;
  private final long retainMs;
  private final long dedupeMs;
  private final LongSupplier clock;
  private final ConcurrentHashMap<String, Channel> channels = new ConcurrentHashMap<>();

  /**
   * @param broker where appended events are published
   * @param retainEvents events kept per channel, at least 1
   * @param retainMs age past which events are trimmed, at least 1
   * @param dedupeMs how long an append's key is remembered, at least 1
   * @param clock epoch milliseconds ({@code System::currentTimeMillis} outside tests)
   */
  public MemoryFeedLog(Broker broker, int retainEvents, long retainMs, long dedupeMs, LongSupplier clock) {
    this.broker = Objects.requireNonNull(broker, "broker");
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
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(data, "data");
    Channel state = channels.computeIfAbsent(Objects.requireNonNull(channel, "channel"), Channel::new);
    long now = clock.getAsLong();
    synchronized (state) {
      if (dedupeKeyOrNull != null && !state.remember(dedupeKeyOrNull, now, dedupeMs)) {
        return Future.succeededFuture(new AppendResult.Duplicate());
      }
      state.lastMs = Math.max(now, state.lastMs);
      FeedEvent event = new FeedEvent(channel, new FeedId(state.lastMs, ++state.lastSeq), type, data);
      state.events.addLast(event);
      while (state.events.size() > retainEvents) {
        state.events.removeFirst();
      }
      state.trimOlderThan(now - retainMs);
      broker.publish(FeedTopics.forChannel(channel), FeedEventCodec.encode(event));
      return Future.succeededFuture(new AppendResult.Appended(event));
    }
  }

  @Override
  public Future<FeedPage> read(String channel, FeedId after, int limit) {
    Objects.requireNonNull(after, "after");
    if (limit < 0) {
      return Future.failedFuture(new IllegalArgumentException("limit must be >= 0, got " + limit));
    }
    Channel state = channels.get(Objects.requireNonNull(channel, "channel"));
    if (state == null) {
      return Future.succeededFuture(new FeedPage(List.of(), null, FeedId.NONE));
    }
    synchronized (state) {
      state.trimOlderThan(clock.getAsLong() - retainMs);
      List<FeedEvent> page = new ArrayList<>();
      for (FeedEvent event : state.events) {
        if (page.size() == limit) {
          break;
        }
        if (event.id().after(after)) {
          page.add(event);
        }
      }
      FeedEvent oldest = state.events.peekFirst();
      return Future.succeededFuture(new FeedPage(page, oldest == null ? null : oldest.id(),
          new FeedId(state.lastMs, state.lastSeq)));
    }
  }

  /** One channel's events and counters; guarded by its own monitor. */
  private static final class Channel {
    private final ArrayDeque<FeedEvent> events = new ArrayDeque<>();
    /** De-duplication keys by the time they were appended, oldest first. */
    private final Map<String, Long> seen = new LinkedHashMap<>();
    private long lastSeq;
    private long lastMs;

    Channel(String name) {}

    /** Records {@code key}; false when it is already known within the window. */
    boolean remember(String key, long now, long windowMs) {
      Iterator<Map.Entry<String, Long>> oldest = seen.entrySet().iterator();
      while (oldest.hasNext() && oldest.next().getValue() <= now - windowMs) {
        oldest.remove();
      }
      return seen.putIfAbsent(key, now) == null;
    }

    void trimOlderThan(long cutoffMs) {
      while (!events.isEmpty() && events.peekFirst().id().ms() < cutoffMs) {
        events.removeFirst();
      }
    }
  }
}
