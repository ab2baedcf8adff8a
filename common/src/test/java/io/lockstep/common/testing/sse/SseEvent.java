package io.lockstep.common.testing.sse;

import io.vertx.core.json.JsonObject;

/**
 * One dispatched server-sent event.
 *
 * @param id the last event id after this event (the stream's, as EventSource keeps it)
 * @param event the type; {@code message} when the server sent no {@code event:} line
 * @param data the data lines joined by newlines
 */
public record SseEvent(String id, String event, String data) {
  public JsonObject json() {
    return new JsonObject(data);
  }
}
