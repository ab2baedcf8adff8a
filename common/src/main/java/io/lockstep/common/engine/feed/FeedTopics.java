package io.lockstep.common.engine.feed;

/**
 * Broker topic names for feed channels: {@code feed:{<channel>}}. Each appended event is published
 * on its channel's topic, encoded by {@link FeedEventCodec}, in append order. The braces make the
 * channel a Redis Cluster hash tag, like the channel's keys.
 */
public final class FeedTopics {
  private FeedTopics() {}

  /** The topic carrying the appended events of {@code channel}. */
  public static String forChannel(String channel) {
    return "feed:{" + channel + "}";
  }
}
