package io.lockstep.feed.wire;

import io.lockstep.common.engine.feed.FeedEvent;
import io.vertx.core.buffer.Buffer;

/**
 * An event with its SSE bytes, encoded once per event loop and shared by every stream on it.
 *
 * @param body {@code event:} and {@code data:} lines and the blank line, without the id
 * @param framed the whole event with its own id line, for streams that follow one channel
 */
public record EncodedEvent(FeedEvent event, Buffer body, Buffer framed) {

  public static EncodedEvent of(FeedEvent event) {
    Buffer body = SseFrames.body(event.type(), event.data());
    return new EncodedEvent(event, body, SseFrames.withId(event.id().toString(), body));
  }
}
