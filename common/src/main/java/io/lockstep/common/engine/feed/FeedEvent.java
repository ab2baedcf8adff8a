package io.lockstep.common.engine.feed;

import java.util.Objects;

/**
 * One stored feed event.
 *
 * @param channel the channel it was appended to
 * @param id its position in the channel
 * @param type the SSE event type ({@code message}, {@code op}, a publisher's own name)
 * @param data the event's data as one line of JSON text, stored and sent unchanged
 */
public record FeedEvent(String channel, FeedId id, String type, String data) {
  public FeedEvent {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(data, "data");
  }
}
