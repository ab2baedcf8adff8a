package io.lockstep.common.engine.feed;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * The broker payload of an appended event: {@code <id>\n<type>\n<data>} in UTF-8. The channel is the
 * topic's, so it is not repeated. Types and ids never contain a newline, and data is one line of JSON,
 * so the first two newlines split it unambiguously. {@code feed_append.lua} builds the same bytes.
 */
public final class FeedEventCodec {
  private FeedEventCodec() {}

  public static Buffer encode(FeedEvent event) {
    return Buffer.buffer(event.id() + "\n" + event.type() + "\n" + event.data(), "UTF-8");
  }

  /**
   * Decodes a payload of {@code channel}'s topic.
   *
   * @throws IllegalArgumentException when it is not in the form above (foreign data on the topic)
   */
  public static FeedEvent decode(String channel, Buffer payload) {
    String text = payload.toString(StandardCharsets.UTF_8);
    int first = text.indexOf('\n');
    int second = first < 0 ? -1 : text.indexOf('\n', first + 1);
    if (second < 0) {
      throw new IllegalArgumentException("not a feed event payload on " + channel);
    }
    FeedId id = FeedId.parse(text.substring(0, first), "feed payload id");
    return new FeedEvent(channel, id, text.substring(first + 1, second), text.substring(second + 1));
  }
}
