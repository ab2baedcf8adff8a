package io.lockstep.common.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One Redis command over a plain socket, for test set-up that must not depend on the client under
 * test (starting, probing and wiring servers).
 */
final class Resp {
  private Resp() {}

  /**
   * Sends {@code args} as a RESP array of bulk strings and returns the reply: a simple string,
   * error or integer line as sent ({@code +OK}, {@code -ERR …}, {@code :1}), or a bulk string's
   * content. Arrays are not read.
   *
   * @throws UncheckedIOException when nothing listens on the port or the reply does not come
   */
  static String command(String host, int port, String... args) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 1000);
      socket.setSoTimeout(5000);
      StringBuilder request = new StringBuilder("*").append(args.length).append("\r\n");
      for (String arg : args) {
        request.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(arg).append("\r\n");
      }
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      String first = readLine(in);
      if (!first.startsWith("$") || first.equals("$-1")) {
        return first;
      }
      byte[] body = in.readNBytes(Integer.parseInt(first.substring(1)));
      return new String(body, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\r') {
        in.read();
        return line.toString(StandardCharsets.UTF_8);
      }
      line.write(c);
    }
    throw new IOException("connection closed before a reply");
  }
}
