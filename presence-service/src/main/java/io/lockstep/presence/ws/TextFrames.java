package io.lockstep.presence.ws;

import io.netty.buffer.Unpooled;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.websocket.WebSocketFrameImpl;

/**
 * WebSocket text frames from bytes that are already UTF-8, so a {@code presence} frame encoded once
 * per room goes to every recipient without being encoded again (Vert.x's public API builds text
 * frames only from a {@code String}). The only place here that touches a Vert.x internal class.
 */
final class TextFrames {
  private TextFrames() {}

  static WebSocketFrame of(byte[] utf8) {
    return new WebSocketFrameImpl(WebSocketFrameType.TEXT, Unpooled.wrappedBuffer(utf8), true);
  }
}
