package io.lockstep.edge.ws;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.HttpServerConnection;
import io.vertx.core.http.impl.websocket.WebSocketFrameImpl;

/**
 * What the edge needs of Vert.x internals to write WebSocket frames cheaply. Vert.x's public API
 * builds text frames only from a {@code String}, which would re-encode every op or presence change
 * once per recipient; wrapping the one shared encoding costs no copy. And it flushes every frame
 * written outside a read callback at once (one syscall per frame), so several frames due for one
 * connection go out through the socket's Netty channel instead ({@link CoalescedFrames}). This is
 * the single place of the edge that touches Vert.x internal classes (an ArchUnit rule keeps it so),
 * so an upgrade that moves them breaks here, loudly, and nowhere else.
 */
public final class TextFrames {
  private TextFrames() {}

  public static WebSocketFrame of(byte[] utf8) {
    return new WebSocketFrameImpl(WebSocketFrameType.TEXT, Unpooled.wrappedBuffer(utf8), true);
  }

  /**
   * The Netty channel under {@code request}, which the WebSocket it is upgraded to keeps; null when
   * Vert.x does not expose it. Taken from the request because Vert.x Web hands the upgraded socket
   * over wrapped, with no way back to its channel.
   */
  static Channel channel(HttpServerRequest request) {
    return request.connection() instanceof HttpServerConnection connection
        ? connection.channelHandlerContext().channel() : null;
  }
}
