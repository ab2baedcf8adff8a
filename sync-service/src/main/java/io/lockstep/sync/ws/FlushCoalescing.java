package io.lockstep.sync.ws;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.internal.http.WebSocketInternal;

/**
 * Puts Netty's {@link FlushConsolidationHandler} in front of a WebSocket: Vert.x flushes after
 * every frame written outside a read, so a burst of ops to one connection would cost one system
 * call per frame. With the handler, frames written in one event-loop turn leave in one flush.
 * Reaches the channel through Vert.x's internal {@code WebSocketInternal}; if a Vert.x upgrade
 * changes that, sockets simply keep Vert.x's own flushing.
 */
final class FlushCoalescing {
  /** Flush at the latest after this many frames, even within one turn. */
  private static final int FLUSH_AFTER = 64;
  /** Diagnostic switch for benchmarks ({@code -Dlockstep.coalesceFlushes=false}); on by default. */
  private static final boolean ENABLED = !"false".equals(System.getProperty("lockstep.coalesceFlushes"));

  private FlushCoalescing() {}

  static void install(ServerWebSocket ws) {
    if (ENABLED && ws instanceof WebSocketInternal internal) {
      ChannelPipeline pipeline = internal.channelHandlerContext().pipeline();
      if (pipeline.get(FlushConsolidationHandler.class) == null) {
        pipeline.addFirst(new FlushConsolidationHandler(FLUSH_AFTER, true));
      }
    }
  }
}
