package io.lockstep.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.common.config.LockstepConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code --ws-compression}: a client that offers permessage-deflate exactly as a browser does gets
 * no compression by default, and gets it (with the no-context parameters) only when switched on.
 * The handshake is written by hand over a socket so that the response headers can be read.
 */
class WebSocketCompressionTest {
  private static final String BROWSER_OFFER = "permessage-deflate; client_max_window_bits";

  @Test
  void aBrowserOfferIsDeclinedByDefault() throws Exception {
    List<String> response = handshake(LockstepConfig.defaults(), BROWSER_OFFER);
    assertThat(response.get(0)).contains("101");
    assertThat(response).noneMatch(h -> h.toLowerCase(Locale.ROOT).startsWith("sec-websocket-extensions"));
  }

  @Test
  void aBrowserOfferIsAcceptedWhenSwitchedOn() throws Exception {
    List<String> response = handshake(LockstepConfig.defaults().withWsCompression(true), BROWSER_OFFER);
    assertThat(response.get(0)).contains("101");
    assertThat(response).anySatisfy(h -> assertThat(h.toLowerCase(Locale.ROOT))
        .startsWith("sec-websocket-extensions").contains("permessage-deflate"));
  }

  @Test
  void aClientThatAsksForServerNoContextGetsIt() throws Exception {
    List<String> response = handshake(LockstepConfig.defaults().withWsCompression(true),
        "permessage-deflate; server_no_context_takeover; client_no_context_takeover");
    assertThat(response).anySatisfy(h -> assertThat(h.toLowerCase(Locale.ROOT))
        .startsWith("sec-websocket-extensions").contains("permessage-deflate").contains("server_no_context_takeover"));
  }

  @Test
  void theObsoletePerFrameExtensionIsNeverAccepted() throws Exception {
    List<String> response = handshake(LockstepConfig.defaults().withWsCompression(true), "x-webkit-deflate-frame");
    assertThat(response.get(0)).contains("101");
    assertThat(response).noneMatch(h -> h.toLowerCase(Locale.ROOT).startsWith("sec-websocket-extensions"));
  }

  /** The status line and headers of the server's answer to a WebSocket upgrade on /sync offering {@code extensions}. */
  private static List<String> handshake(LockstepConfig base, String extensions) throws Exception {
    RunningLockstep running = MainStartTest.await(Main.start(
        base.withHost("127.0.0.1").withPort(0).withServices(Set.of("sync"))));
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", running.port()), 5_000);
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(("GET /sync HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
          + "Sec-WebSocket-Protocol: lockstep.v1\r\nSec-WebSocket-Extensions: " + extensions + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return headers(new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)));
    } finally {
      MainStartTest.await(running.close());
    }
  }

  private static List<String> headers(BufferedReader in) throws IOException {
    List<String> lines = new ArrayList<>();
    for (String line = in.readLine(); line != null && !line.isEmpty() && lines.size() < 100; line = in.readLine()) {
      lines.add(line);
    }
    assertThat(lines).as("a response").isNotEmpty();
    return lines;
  }
}
