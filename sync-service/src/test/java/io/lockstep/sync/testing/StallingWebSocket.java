package io.lockstep.sync.testing;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * A bare-bones WebSocket client on a plain blocking {@link Socket}, for tests that need control a
 * library client does not give: a tiny TCP receive buffer, not reading at all (so the server's
 * writes back up), or a close frame sent while the TCP connection stays open. Client frames are
 * masked as RFC 6455 requires; only unfragmented server frames are read.
 */
public final class StallingWebSocket implements AutoCloseable {
  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  private final Random masks = new Random(1);

  private StallingWebSocket(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  /**
   * Connects to {@code /sync} on the loopback {@code port} with a TCP receive buffer of about
   * {@code receiveBufferBytes} (the kernel may round it up), and completes the upgrade.
   */
  public static StallingWebSocket connect(int port, int receiveBufferBytes) {
    try {
      Socket socket = new Socket();
      socket.setReceiveBufferSize(receiveBufferBytes);
      socket.setSoTimeout(10_000);
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      StallingWebSocket ws = new StallingWebSocket(socket);
      ws.upgrade(port);
      return ws;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void upgrade(int port) throws IOException {
    String request = "GET /sync HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
        + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        + "Sec-WebSocket-Protocol: lockstep.v1\r\n\r\n";
    out.write(request.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed during the upgrade: " + head);
      }
      head.write(b);
    }
    String response = head.toString(StandardCharsets.US_ASCII);
    if (!response.startsWith("HTTP/1.1 101")) {
      throw new IOException("upgrade refused: " + response);
    }
  }

  /** Sends {@code frame} as one masked text frame. */
  public void send(JsonObject frame) {
    writeFrame(0x1, frame.encode().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Sends a close frame with {@code code} and leaves the TCP connection open, as a client does
   * while it waits for the server's close frame.
   */
  public void sendClose(int code) {
    writeFrame(0x8, new byte[] {(byte) (code >> 8), (byte) code});
  }

  /** Reads the next text frame (blocking up to 10 s); control frames are skipped. */
  public JsonObject next() {
    try {
      while (true) {
        int first = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        long length = second & 0x7f;
        if (length == 126) {
          length = in.readUnsignedShort();
        } else if (length == 127) {
          length = in.readLong();
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        int opcode = first & 0x0f;
        if (opcode == 0x1) {
          return new JsonObject(new String(payload, StandardCharsets.UTF_8));
        }
        if (opcode == 0x8) {
          throw new IOException("the server closed the WebSocket");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends {@code frame} (which carries an {@code id}) and reads until its reply. */
  public JsonObject request(JsonObject frame) {
    long id = frame.getLong("id");
    send(frame);
    while (true) {
      JsonObject next = next();
      if (next.getValue("re") instanceof Number re && re.longValue() == id) {
        return next;
      }
    }
  }

  private void writeFrame(int opcode, byte[] payload) {
    try {
      ByteArrayOutputStream frame = new ByteArrayOutputStream();
      frame.write(0x80 | opcode);
      if (payload.length < 126) {
        frame.write(0x80 | payload.length);
      } else if (payload.length < 65_536) {
        frame.write(0x80 | 126);
        frame.write(payload.length >> 8);
        frame.write(payload.length);
      } else {
        frame.write(0x80 | 127);
        for (int shift = 56; shift >= 0; shift -= 8) {
          frame.write((int) ((long) payload.length >> shift));
        }
      }
      byte[] mask = new byte[4];
      masks.nextBytes(mask);
      frame.write(mask);
      for (int i = 0; i < payload.length; i++) {
        frame.write(payload[i] ^ mask[i % 4]);
      }
      out.write(frame.toByteArray());
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Closes the TCP connection at once (no close handshake). */
  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }
}
