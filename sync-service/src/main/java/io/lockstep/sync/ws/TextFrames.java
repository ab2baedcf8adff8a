package io.lockstep.sync.ws;

import io.netty.buffer.Unpooled;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.websocket.WebSocketFrameImpl;

/**
 * WebSocket text frames from bytes that are already UTF-8. Vert.x's public API builds text frames
 * only from a {@code String}, which would re-encode every op once per subscriber; wrapping the one
 * shared encoding costs no copy. This is the single place that touches a Vert.x internal class,
 * so an upgrade that moves it breaks here, loudly, and nowhere else.
 */
final class TextFrames {
  private TextFrames() {}

  static WebSocketFrame of(byte[] utf8) {
    return new WebSocketFrameImpl(WebSocketFrameType.TEXT, Unpooled.wrappedBuffer(utf8), true);
  }
}
