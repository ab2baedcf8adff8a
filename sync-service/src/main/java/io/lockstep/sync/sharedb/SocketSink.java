package io.lockstep.sync.sharedb;

import io.vertx.core.http.ServerWebSocket;
import java.nio.charset.StandardCharsets;

/** A bounded writer straight to the socket: a client that does not read is closed with 1008. */
final class SocketSink implements ShareDbSink {
  private final ServerWebSocket ws;
  private boolean closed;

  SocketSink(ServerWebSocket ws, int maxBytes) {
    this.ws = ws;
    ws.setWriteQueueMaxSize(maxBytes);
  }

  @Override
  public void send(byte[] utf8) {
    if (closed || ws.isClosed()) {
      return;
    }
    if (ws.writeQueueFull()) {
      close(ShareDbConnection.POLICY_VIOLATION, "slow consumer: outbound buffer full");
      return;
    }
    ws.writeTextMessage(new String(utf8, StandardCharsets.UTF_8));
  }

  @Override
  public void close(short code, String reason) {
    if (!closed) {
      closed = true;
      ws.close(code, reason);
    }
  }
}
