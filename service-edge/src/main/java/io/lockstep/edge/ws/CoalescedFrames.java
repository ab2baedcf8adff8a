package io.lockstep.edge.ws;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionEncoder;
import io.vertx.core.http.ServerWebSocket;
import java.util.List;
import java.util.Map;

/**
 * Writes the text frames due for one WebSocket in one write and one flush, so a connection that
 * gets several frames in a loop turn costs one syscall, not one per frame. Without a compression
 * extension the frames are encoded here, back to back, into one buffer (an unmasked server text
 * frame is two to ten header bytes and the payload: RFC 6455, 5.2), which passes the WebSocket
 * encoder untouched; the wire is the same as frame by frame. With {@code permessage-deflate} the
 * extension must compress each frame, so they are written one by one and flushed once.
 *
 * <p>The buffer is written at the channel's tail, so it passes every outbound handler of the
 * upgraded pipeline (Vert.x's handler and the frame encoder let a plain buffer through).
 * Writing on the channel bypasses Vert.x's own write queue, so the bound is the channel's:
 * {@link #writable()} is false once more than the socket's write-queue size waits unsent. Call on
 * the connection's event loop only.
 */
final class CoalescedFrames {
  private static final int TEXT_FIN = 0x81;

  private final ServerWebSocket ws;
  private final Channel channel;
  private Boolean compressed;

  CoalescedFrames(ServerWebSocket ws, SocketWire wire) {
    this.ws = ws;
    this.channel = wire.channel();
  }

  /** False when the peer has not read what was written before, past the socket's write-queue size. */
  boolean writable() {
    return channel == null ? !ws.writeQueueFull() : channel.isWritable();
  }

  /** Writes {@code payloads} (UTF-8 JSON, each one text frame) in order, then flushes once. */
  void write(List<byte[]> payloads) {
    if (channel == null) {
      payloads.forEach(p -> ws.writeFrame(TextFrames.of(p)));
      return;
    }
    if (compressed()) {
      for (int i = 0; i < payloads.size(); i++) {
        channel.write(new TextWebSocketFrame(Unpooled.wrappedBuffer(payloads.get(i))), channel.voidPromise());
      }
      channel.flush();
      return;
    }
    int total = 0;
    for (int i = 0; i < payloads.size(); i++) {
      total += headerLength(payloads.get(i).length) + payloads.get(i).length;
    }
    ByteBuf out = channel.alloc().buffer(total);
    for (int i = 0; i < payloads.size(); i++) {
      byte[] payload = payloads.get(i);
      writeHeader(out, payload.length);
      out.writeBytes(payload);
    }
    channel.writeAndFlush(out, channel.voidPromise());
  }

  /** Whether a WebSocket extension (compression) encodes frames; the pipeline is settled once the socket is upgraded. */
  private boolean compressed() {
    if (compressed == null) {
      boolean found = false;
      for (Map.Entry<String, ChannelHandler> handler : channel.pipeline()) {
        found |= handler.getValue() instanceof WebSocketExtensionEncoder;
      }
      compressed = found;
    }
    return compressed;
  }

  static int headerLength(int payloadLength) {
    return payloadLength < 126 ? 2 : payloadLength <= 0xFFFF ? 4 : 10;
  }

  static void writeHeader(ByteBuf out, int payloadLength) {
    out.writeByte(TEXT_FIN);
    if (payloadLength < 126) {
      out.writeByte(payloadLength);
    } else if (payloadLength <= 0xFFFF) {
      out.writeByte(126);
      out.writeShort(payloadLength);
    } else {
      out.writeByte(127);
      out.writeLong(payloadLength);
    }
  }
}
