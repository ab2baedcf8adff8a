package io.lockstep.sync.testing;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A WebSocket client written straight on a {@link Socket}, for tests that need what a well-behaved
 * client library will not do: send binary or hand-made frames, set any handshake header
 * ({@code Origin}), shrink its receive buffer and then simply stop reading (a slow consumer), or look
 * at a refused upgrade's status and body. Blocking, for one test thread; no extensions, no TLS.
 */
public final class RawWebSocket implements AutoCloseable {
  public static final int TEXT = 0x1;
  public static final int BINARY = 0x2;
  public static final int CLOSE = 0x8;
  public static final int PING = 0x9;
  public static final int PONG = 0xA;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  private final int status;
  private final Map<String, String> headers;
  private final String body;
  private Integer closeCode;
  private long lastId = 1_000_000_000L;

  private RawWebSocket(Socket socket, DataInputStream in, OutputStream out, int status,
      Map<String, String> headers, String body) {
    this.socket = socket;
    this.in = in;
    this.out = out;
    this.status = status;
    this.headers = headers;
    this.body = body;
  }

  /** Upgrades {@code GET /sync}, offering {@code lockstep.v1}. */
  public static RawWebSocket connect(int port) {
    return connect(port, Map.of(), 0);
  }

  /**
   * Opens a socket (with a receive buffer of {@code receiveBufferBytes} when positive, set before
   * connecting so the TCP window stays that small) and sends the upgrade request with
   * {@code extraHeaders}. The result is connected when {@link #status()} is 101; otherwise it holds
   * the refusal's status, headers and body, and the socket is closed.
   */
  public static RawWebSocket connect(int port, Map<String, String> extraHeaders, int receiveBufferBytes) {
    return connect(port, "/sync", extraHeaders, receiveBufferBytes);
  }

  /** As {@link #connect(int, Map, int)}, upgrading {@code pathAndQuery} (e.g. {@code /sharedb?token=…}). */
  public static RawWebSocket connect(int port, String pathAndQuery, Map<String, String> extraHeaders,
      int receiveBufferBytes) {
    try {
      Socket socket = new Socket();
      if (receiveBufferBytes > 0) {
        socket.setReceiveBufferSize(receiveBufferBytes);
      }
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      byte[] nonce = new byte[16];
      RANDOM.nextBytes(nonce);
      StringBuilder request = new StringBuilder()
          .append("GET ").append(pathAndQuery).append(" HTTP/1.1\r\n")
          .append("Host: 127.0.0.1:").append(port).append("\r\n")
          .append("Upgrade: websocket\r\n")
          .append("Connection: Upgrade\r\n")
          .append("Sec-WebSocket-Key: ").append(Base64.getEncoder().encodeToString(nonce)).append("\r\n")
          .append("Sec-WebSocket-Version: 13\r\n")
          .append("Sec-WebSocket-Protocol: lockstep.v1\r\n");
      extraHeaders.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
      out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String statusLine = readLine(in);
      int status = Integer.parseInt(statusLine.split(" ")[1]);
      Map<String, String> headers = new LinkedHashMap<>();
      for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
        int colon = line.indexOf(':');
        headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
      }
      String body = "";
      if (status != 101) {
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        body = new String(bytes, StandardCharsets.UTF_8);
        socket.close();
      }
      return new RawWebSocket(socket, in, out, status, headers, body);
    } catch (IOException e) {
      throw new AssertionError("WebSocket handshake failed", e);
    }
  }

  /** The HTTP status of the upgrade: 101 when it was accepted. */
  public int status() {
    return status;
  }

  /** A response header of the upgrade (lower-case name), or null. */
  public String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  /** The body of a refused upgrade ("" when accepted). */
  public String body() {
    return body;
  }

  public void sendText(String text) {
    sendFrame(TEXT, true, text.getBytes(StandardCharsets.UTF_8));
  }

  public void sendJson(JsonObject frame) {
    sendText(frame.encode());
  }

  public void sendBinary(byte[] data) {
    sendFrame(BINARY, true, data);
  }

  /** One masked frame, as a client must send it. */
  public void sendFrame(int opcode, boolean fin, byte[] payload) {
    try {
      ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
      frame.write((fin ? 0x80 : 0) | opcode);
      int length = payload.length;
      if (length < 126) {
        frame.write(0x80 | length);
      } else if (length <= 0xFFFF) {
        frame.write(0x80 | 126);
        frame.write(length >>> 8);
        frame.write(length);
      } else {
        frame.write(0x80 | 127);
        for (int shift = 56; shift >= 0; shift -= 8) {
          frame.write((int) ((long) length >>> shift));
        }
      }
      byte[] mask = new byte[4];
      RANDOM.nextBytes(mask);
      frame.write(mask);
      byte[] masked = new byte[length];
      for (int i = 0; i < length; i++) {
        masked[i] = (byte) (payload[i] ^ mask[i & 3]);
      }
      frame.write(masked);
      out.write(frame.toByteArray());
      out.flush();
    } catch (IOException e) {
      throw new AssertionError("cannot send a frame", e);
    }
  }

  /**
   * Sends {@code frame} with a fresh id and returns the server's reply to it, which must be the next
   * frame the server sends (anything else first fails the test).
   */
  public JsonObject request(JsonObject frame) {
    long id = ++lastId;
    sendJson(frame.copy().put("id", id));
    JsonObject reply = next();
    if (!(reply.getValue("re") instanceof Number re) || re.longValue() != id) {
      throw new AssertionError("expected the reply to " + frame.getString("t") + " (re " + id + "), got "
          + abbreviate(reply.encode()));
    }
    return reply;
  }

  private static String abbreviate(String s) {
    return s.length() > 300 ? s.substring(0, 300) + "…" : s;
  }

  /**
   * The next text frame from the server as JSON, waiting up to {@code timeoutMs}; null when the
   * server closed the connection (see {@link #closeCode()}) or nothing came in time. Server pings
   * are answered; binary frames fail the test (the server never sends them).
   */
  public JsonObject next(long timeoutMs) {
    try {
      socket.setSoTimeout((int) Math.max(1, timeoutMs));
      while (true) {
        Frame frame = readFrame();
        if (frame == null) {
          return null;
        }
        switch (frame.opcode) {
          case TEXT -> {
            return new JsonObject(new String(frame.payload, StandardCharsets.UTF_8));
          }
          case PING -> sendFrame(PONG, true, frame.payload);
          case PONG -> { }
          case CLOSE -> {
            closeCode = frame.payload.length >= 2 ? ((frame.payload[0] & 0xFF) << 8) | (frame.payload[1] & 0xFF) : 1005;
            return null;
          }
          default -> throw new AssertionError("unexpected frame opcode " + frame.opcode);
        }
      }
    } catch (SocketTimeoutException e) {
      return null;
    } catch (IOException e) {
      if (closeCode == null) {
        closeCode = 1006;
      }
      return null;
    }
  }

  /** The next text frame, failing the test when none comes within 10 s. */
  public JsonObject next() {
    JsonObject frame = next(10_000);
    if (frame == null) {
      throw new AssertionError(closeCode != null
          ? "the server closed the connection with " + closeCode
          : "no frame from the server within 10 s");
    }
    return frame;
  }

  /** Reads and drops frames until the server closes; the close code (1006 when the TCP connection just ended), or null on timeout. */
  public Integer awaitClose(long timeoutMs) {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (closeCode == null) {
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        return null;
      }
      next(left);
    }
    return closeCode;
  }

  /** The close code the server sent (1006 when the connection ended without one), or null while open. */
  public Integer closeCode() {
    return closeCode;
  }

  @Override
  public void close() {
    try {
      if (closeCode == null && !socket.isClosed() && status == 101) {
        sendFrame(CLOSE, true, new byte[] {0x03, (byte) 0xE8});
      }
    } catch (AssertionError ignored) {
      // the server is gone already
    }
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  private record Frame(int opcode, byte[] payload) {}

  /** One whole message (continuation frames joined), or null at end of stream. */
  private Frame readFrame() throws IOException {
    int opcode = -1;
    ByteArrayOutputStream message = new ByteArrayOutputStream();
    while (true) {
      int b0 = in.read();
      if (b0 < 0) {
        if (closeCode == null) {
          closeCode = 1006;
        }
        return null;
      }
      int b1 = in.readUnsignedByte();
      long length = b1 & 0x7F;
      if (length == 126) {
        length = in.readUnsignedShort();
      } else if (length == 127) {
        length = in.readLong();
      }
      if ((b1 & 0x80) != 0) {
        throw new IOException("the server masked a frame");
      }
      byte[] payload = new byte[(int) length];
      in.readFully(payload);
      int frameOpcode = b0 & 0x0F;
      boolean fin = (b0 & 0x80) != 0;
      if (frameOpcode >= 0x8) {
        return new Frame(frameOpcode, payload);
      }
      if (frameOpcode != 0) {
        opcode = frameOpcode;
      }
      message.write(payload);
      if (fin) {
        return new Frame(opcode, message.toByteArray());
      }
    }
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    while (true) {
      int c = in.read();
      if (c < 0) {
        throw new EOFException("connection closed during the handshake");
      }
      if (c == '\n') {
        int end = line.length();
        return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
      }
      line.append((char) c);
    }
  }
}
