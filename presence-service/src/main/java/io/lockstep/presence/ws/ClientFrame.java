package io.lockstep.presence.ws;

import io.vertx.core.json.JsonObject;

/** A parsed, validated frame from a client of {@code /presence} (docs/protocol.md §3). */
sealed interface ClientFrame {
  /** The request id to echo as {@code re}, or null. */
  Long id();

  /** The room the frame is about, or null. */
  default String room() {
    return null;
  }

  record Hello(Long id, String token) implements ClientFrame {}

  /** A fresh token for the open connection (token refresh). */
  record Auth(Long id, String token) implements ClientFrame {}

  /** {@code user} is null when the frame has none. */
  record Join(Long id, String room, String user, JsonObject meta) implements ClientFrame {}

  record Meta(Long id, String room, JsonObject meta) implements ClientFrame {}

  record Leave(Long id, String room) implements ClientFrame {}

  record Heartbeat(Long id) implements ClientFrame {}

  record Ping(Long id) implements ClientFrame {}
}
