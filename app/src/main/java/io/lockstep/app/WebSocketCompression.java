package io.lockstep.app;

import io.vertx.core.http.HttpServerOptions;

/**
 * Whether WebSocket clients may negotiate compression ({@code --ws-compression}, off by default).
 *
 * <p>Why off: every browser offers {@code permessage-deflate}, and Vert.x accepts it unless told
 * not to. Browsers do not ask for {@code server_no_context_takeover}, so each connection then keeps
 * its own zlib compressor between messages (tens of KB of native memory per idle connection), and
 * every frame is compressed once per receiver, so fan-out pays the compression CPU per subscriber
 * rather than per op. Lockstep's frames are small JSON, which compresses little at that cost
 * (figures in docs/benchmarks.md, "WebSocket compression").
 *
 * <p>When on: {@code permessage-deflate} only (the obsolete per-frame extension stays off), at the
 * fastest level, accepting {@code server_no_context_takeover} and {@code client_no_context_takeover}
 * when a client asks for them, so that neither side then keeps a context between messages. Vert.x
 * (Netty's handshaker) offers no size threshold and adds neither parameter to an offer that lacks
 * it, so a browser's connection still keeps its own compressor.
 */
final class WebSocketCompression {
  /** zlib's fastest level: small JSON frames gain little from a higher one, at several times the CPU. */
  static final int LEVEL = 1;

  private WebSocketCompression() {}

  /** {@code options} with WebSocket compression switched {@code on} or off. */
  static HttpServerOptions configure(HttpServerOptions options, boolean on) {
    options.setPerFrameWebSocketCompressionSupported(false);
    options.setPerMessageWebSocketCompressionSupported(on);
    if (on) {
      options.setWebSocketCompressionLevel(LEVEL)
          .setWebSocketAllowServerNoContext(true)
          .setWebSocketPreferredClientNoContext(true);
    }
    return options;
  }
}
