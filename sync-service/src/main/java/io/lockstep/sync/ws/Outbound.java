package io.lockstep.sync.ws;

import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;

/**
 * A connection's bounded way out. Writes go straight to the socket while it keeps up; a client
 * that stops reading fills the socket's write queue (bounded in bytes by {@code maxBytes}), and
 * the next write past the bound closes the connection instead of buffering without end. The
 * client reconnects and catches up from its last version, losing nothing.
 */
final class Outbound {
  static final short POLICY_VIOLATION = 1008;
  static final short GOING_AWAY = 1001;

  private final ServerWebSocket ws;
  private final Runnable onOverflow;
  private boolean closed;

  Outbound(ServerWebSocket ws, int maxBytes, Runnable onOverflow) {
    this.ws = ws;
    this.onOverflow = onOverflow;
    ws.setWriteQueueMaxSize(maxBytes);
  }

  void send(JsonObject frame) {
    send(frame.toBuffer().getBytes());
  }

  /** Sends one frame already encoded as UTF-8 JSON; the same array may go to many connections. */
  void send(byte[] utf8) {
    if (closed) {
      return;
    }
    if (ws.writeQueueFull()) {
      closed = true;
      onOverflow.run();
      ws.close(POLICY_VIOLATION, "slow consumer: outbound buffer full");
      return;
    }
    ws.writeFrame(TextFrames.of(utf8));
  }

  void close(short code, String reason) {
    if (!closed) {
      closed = true;
      ws.close(code, reason);
    }
  }

  boolean closed() {
    return closed;
  }
}
