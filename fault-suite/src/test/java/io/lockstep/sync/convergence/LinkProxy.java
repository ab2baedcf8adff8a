package io.lockstep.sync.convergence;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on loopback between one node and Redis, with a switch that cuts the link: every byte
 * is copied both ways while {@link Mode#OPEN}; {@link Mode#RESET} closes every connection at once
 * and every new one right after accepting it (the node sees resets and refused reconnects);
 * {@link Mode#STALL} stops reading both sides of every connection, old and new (a partition without
 * a reset: calls in flight get no answer, however long the node waits, and TCP holds the bytes
 * until the link is {@link Mode#OPEN} again, when they flow on as a healed network delivers them).
 */
final class LinkProxy implements AutoCloseable {
  enum Mode { OPEN, RESET, STALL }

  private final NetServer server;
  private final NetClient client;
  private final int targetPort;
  private final Set<NetSocket> sockets = ConcurrentHashMap.newKeySet();
  private volatile Mode mode = Mode.OPEN;

  private LinkProxy(Vertx vertx, int targetPort) {
    this.targetPort = targetPort;
    this.client = vertx.createNetClient();
    this.server = vertx.createNetServer().connectHandler(this::accept);
  }

  /** A proxy listening on {@code port} (loopback) that forwards to loopback {@code targetPort}. */
  static LinkProxy start(Vertx vertx, int port, int targetPort) {
    LinkProxy proxy = new LinkProxy(vertx, targetPort);
    proxy.server.listen(port, "127.0.0.1").await();
    return proxy;
  }

  /** Switches the link, acting on the connections open now too. */
  void set(Mode next) {
    mode = next;
    switch (next) {
      case RESET -> sockets.forEach(NetSocket::close);
      case STALL -> sockets.forEach(NetSocket::pause);
      case OPEN -> sockets.forEach(NetSocket::resume);
    }
  }

  int port() {
    return server.actualPort();
  }

  private void accept(NetSocket downstream) {
    if (mode == Mode.RESET) {
      downstream.close();
      return;
    }
    sockets.add(downstream);
    downstream.closeHandler(v -> sockets.remove(downstream));
    downstream.pause();
    client.connect(targetPort, "127.0.0.1").onComplete(connected -> {
      if (connected.failed()) {
        downstream.close();
        return;
      }
      NetSocket upstream = connected.result();
      sockets.add(upstream);
      pipe(downstream, upstream);
      pipe(upstream, downstream);
      downstream.closeHandler(v -> {
        sockets.remove(downstream);
        upstream.close();
      });
      upstream.closeHandler(v -> {
        sockets.remove(upstream);
        downstream.close();
      });
      if (mode == Mode.STALL) {
        upstream.pause(); // both resume when the link opens
      } else {
        downstream.resume();
      }
    });
  }

  /** Copies {@code from} to {@code to} with back-pressure. */
  private void pipe(NetSocket from, NetSocket to) {
    from.handler(buffer -> {
      to.write(buffer);
      if (to.writeQueueFull()) {
        from.pause();
        to.drainHandler(v -> {
          if (mode != Mode.STALL) {
            from.resume();
          }
        });
      }
    });
  }

  @Override
  public void close() {
    sockets.forEach(NetSocket::close);
    server.close().await();
    client.close().await();
  }

  @Override
  public String toString() {
    return "proxy :" + server.actualPort() + " -> :" + targetPort + " (" + mode + ")";
  }
}
