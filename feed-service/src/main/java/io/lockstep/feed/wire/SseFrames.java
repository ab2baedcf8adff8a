package io.lockstep.feed.wire;

import io.vertx.core.buffer.Buffer;

/**
 * The {@code text/event-stream} pieces the server writes. An event is {@code id:}, {@code event:}
 * and one {@code data:} line, ended by a blank line; the id line is kept apart so the rest of an
 * event is encoded once and shared by every stream that carries it.
 */
public final class SseFrames {
  /** A comment line: EventSource ignores it, proxies see traffic. */
  public static final Buffer HEARTBEAT = Buffer.buffer(": hb\n\n");

  /**
   * The last event of a stream whose token expired (no id, so the client's last id stays): reconnect
   * with a fresh token.
   */
  public static final Buffer EXPIRED = body("expired", "{\"reason\":\"token expired\"}");

  private SseFrames() {}

  /** {@code event: <type>\ndata: <data>\n\n}; {@code data} is one line of JSON. */
  public static Buffer body(String type, String data) {
    return Buffer.buffer("event: " + type + "\ndata: " + data + "\n\n", "UTF-8");
  }

  /** {@code id: <id>\n} followed by {@code body}. */
  public static Buffer withId(String id, Buffer body) {
    Buffer line = Buffer.buffer("id: " + id + "\n");
    return line.appendBuffer(body);
  }

  /** The stream's opening: the reconnection delay EventSource should use. */
  public static Buffer retry(int ms) {
    return Buffer.buffer("retry: " + ms + "\n\n");
  }
}
