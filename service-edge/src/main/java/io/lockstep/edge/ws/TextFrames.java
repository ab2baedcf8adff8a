package io.lockstep.edge.ws;

import io.netty.buffer.Unpooled;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.websocket.WebSocketFrameImpl;

/**
 * WebSocket text frames from bytes that are already UTF-8. Vert.x's public API builds text frames
 * only from a {@code String}, which would re-encode every op or presence change once per recipient;
 * wrapping the one shared encoding costs no copy. This is the single place of the edge that touches a
 * Vert.x internal class (an ArchUnit rule keeps it so), so an upgrade that moves it breaks here,
 * loudly, and nowhere else.
 */
public final class TextFrames {
  private TextFrames() {}

  public static WebSocketFrame of(byte[] utf8) {
    return new WebSocketFrameImpl(WebSocketFrameType.TEXT, Unpooled.wrappedBuffer(utf8), true);
  }
}
