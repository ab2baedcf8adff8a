package io.lockstep.edge.ws;

import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;

/**
 * A connection's bounded way out, written at once (no batching; see {@code FlushingOutbound} for the
 * queued kind). The socket's write queue is capped at {@code maxBytes}; a client that stops reading
 * fills it, and the next frame closes the connection with 1008 instead of buffering without end (the
 * client reconnects and starts over). Called on the connection's loop only.
 */
public final class DirectOutbound {

  private final ServerWebSocket ws;
  private final Runnable onOverflow;
  private boolean closed;

  public DirectOutbound(ServerWebSocket ws, int maxBytes, Runnable onOverflow) {
    this.ws = ws;
    this.onOverflow = onOverflow;
    ws.setWriteQueueMaxSize(maxBytes);
  }

  public void send(JsonObject frame) {
    send(frame.toBuffer().getBytes());
  }

  /** Writes one frame already encoded as UTF-8 JSON; the same array may go to many connections. */
  public void send(byte[] utf8) {
    // A socket the client already closed stays registered until the TCP connection ends; writing to
    // it would fail, so frames for it are dropped.
    if (closed || ws.isClosed()) {
      return;
    }
    if (ws.writeQueueFull()) {
      closed = true;
      onOverflow.run();
      ws.close(CloseCodes.POLICY_VIOLATION, "slow consumer: outbound buffer full");
      return;
    }
    ws.writeFrame(TextFrames.of(utf8));
  }

  public void close(short code, String reason) {
    if (!closed) {
      closed = true;
      ws.close(code, reason);
    }
  }
}
