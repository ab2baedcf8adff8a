package io.lockstep.edge.ws;

import io.netty.channel.Channel;
import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty channel under one WebSocket, through which {@link FlushingOutbound} writes the frames
 * due in a loop turn as one write and one flush ({@link CoalescedFrames}). {@link UpgradeGate}
 * takes it from the request before the upgrade: the socket Vert.x Web hands over is a wrapper that
 * leads back to no channel, and without one every frame is written and flushed on its own (one
 * syscall per frame, what the 200-editor overload of issue 16 drowned in). Opaque outside this
 * package.
 */
public final class SocketWire {
  private static final Logger LOG = LoggerFactory.getLogger(SocketWire.class);
  private static final AtomicBoolean WARNED = new AtomicBoolean();

  private final Channel channel;

  private SocketWire(Channel channel) {
    this.channel = channel;
  }

  /** The channel under {@code request}, about to be upgraded. */
  static SocketWire under(HttpServerRequest request) {
    return found(TextFrames.channel(request));
  }

  private static SocketWire found(Channel channel) {
    if (channel == null && WARNED.compareAndSet(false, true)) {
      LOG.warn("this Vert.x does not expose a WebSocket's channel: frames are written one by one, not coalesced");
    }
    return new SocketWire(channel);
  }

  /** The channel, or null when Vert.x did not expose it (frames then go through the socket one by one). */
  Channel channel() {
    return channel;
  }
}
