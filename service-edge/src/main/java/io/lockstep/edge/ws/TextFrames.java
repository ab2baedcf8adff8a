package io.lockstep.edge.ws;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.websocket.WebSocketFrameImpl;
import io.vertx.core.internal.http.WebSocketInternal;

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

  /** The Netty context the socket's Vert.x handler writes through, or null when Vert.x does not expose it. */
  static ChannelHandlerContext channel(ServerWebSocket ws) {
    return ws instanceof WebSocketInternal internal ? internal.channelHandlerContext() : null;
  }
}
