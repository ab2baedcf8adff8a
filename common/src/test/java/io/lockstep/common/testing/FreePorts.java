package io.lockstep.common.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Free TCP ports on the loopback interface, for servers that tests start (Redis, Lockstep nodes).
 * The port is free when returned, not reserved: another process could take it before the caller
 * binds it, which is rare enough for tests and reported by the server that fails to bind.
 */
public final class FreePorts {
  private FreePorts() {}

  /** A loopback TCP port that nothing listened on a moment ago. */
  public static int loopback() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }
}
