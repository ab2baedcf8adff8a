package io.lockstep.common.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisServerExtensionTest {
  @RegisterExtension
  static final RedisServerExtension REDIS = new RedisServerExtension();

  @Test
  void serverAnswersPingWithPongOnAPrivatePort() throws IOException {
    assertThat(REDIS.port()).isNotEqualTo(6379);
    assertThat(REDIS.uri()).isEqualTo("redis://127.0.0.1:" + REDIS.port());
    assertThat(resp("*1\r\n$4\r\nPING\r\n", 7)).isEqualTo("+PONG\r\n");
  }

  @Test
  void killedServerRefusesConnectionsUntilRestartedOnTheSamePort() throws IOException {
    int port = REDIS.port();
    REDIS.kill();

    assertThat(REDIS.isRunning()).isFalse();
    assertThatThrownBy(() -> resp("*1\r\n$4\r\nPING\r\n", 7)).isInstanceOf(ConnectException.class);

    REDIS.restart();
    assertThat(REDIS.port()).isEqualTo(port);
    assertThat(resp("*1\r\n$4\r\nPING\r\n", 7)).isEqualTo("+PONG\r\n");
  }

  @Test
  void appendOnlyServerKeepsAcknowledgedWritesAcrossAKill() throws IOException {
    REDIS.restart(true);
    assertThat(resp("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nkept!\r\n", 5)).isEqualTo("+OK\r\n");

    REDIS.kill();
    REDIS.restart();

    assertThat(resp("*2\r\n$3\r\nGET\r\n$1\r\nk\r\n", 11)).isEqualTo("$5\r\nkept!\r\n");
    REDIS.flushAll();
    REDIS.restart(false);
  }

  @Test
  void serverWithoutAppendOnlyForgetsEverythingOnAKill() throws IOException {
    assertThat(resp("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n", 5)).isEqualTo("+OK\r\n");

    REDIS.kill();
    REDIS.restart();

    assertThat(resp("*2\r\n$3\r\nGET\r\n$1\r\nk\r\n", 5)).isEqualTo("$-1\r\n");
  }

  @Test
  void missingBinaryFailsInsteadOfSkipping() {
    String previous = System.getProperty("lockstep.redis.server");
    System.setProperty("lockstep.redis.server", "/nonexistent/redis-server");
    try {
      assertThatThrownBy(() -> new RedisServerExtension().beforeAll(null))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("/nonexistent/redis-server is not an executable file");
    } finally {
      if (previous == null) {
        System.clearProperty("lockstep.redis.server");
      } else {
        System.setProperty("lockstep.redis.server", previous);
      }
    }
  }

  /** Writes a raw RESP request and reads exactly {@code replyBytes} bytes of reply. */
  private static String resp(String request, int replyBytes) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(REDIS.host(), REDIS.port()), 1000);
      socket.setSoTimeout(5000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      byte[] reply = in.readNBytes(replyBytes);
      return new String(reply, StandardCharsets.US_ASCII);
    }
  }
}
