package io.lockstep.feed.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The feed service's meters, served at {@code /metrics}: open streams, events appended by this node,
 * events written to streams, streams closed for reading too slowly, resets sent, and gaps in live
 * delivery that were filled from the log.
 */
public final class FeedMetrics {
  private final AtomicInteger streams = new AtomicInteger();
  private final Counter published;
  private final Counter delivered;
  private final Counter slowReaders;
  private final Counter resets;
  private final Counter gapsFilled;

  public FeedMetrics(MeterRegistry registry) {
    registry.gauge("lockstep_feed_streams", streams);
    published = Counter.builder("lockstep_feed_events_published")
        .description("events this node appended (publishes and built-in channels)").register(registry);
    delivered = Counter.builder("lockstep_feed_events_delivered")
        .description("events written to SSE streams, one per stream").register(registry);
    slowReaders = Counter.builder("lockstep_feed_slow_readers_closed")
        .description("streams closed because the reader fell behind maxBufferedBytes").register(registry);
    resets = Counter.builder("lockstep_feed_resets").description("reset events sent (history lost)").register(registry);
    gapsFilled = Counter.builder("lockstep_feed_gaps_filled")
        .description("live deliveries the broker missed and the log filled in").register(registry);
  }

  public void streamOpened() {
    streams.incrementAndGet();
  }

  public void streamClosed() {
    streams.decrementAndGet();
  }

  public void published() {
    published.increment();
  }

  public void delivered() {
    delivered.increment();
  }

  public void slowReaderClosed() {
    slowReaders.increment();
  }

  public void reset() {
    resets.increment();
  }

  public void gapFilled() {
    gapsFilled.increment();
  }

  public int streams() {
    return streams.get();
  }
}
