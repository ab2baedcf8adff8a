package io.lockstep.edge.service;

import io.vertx.core.Future;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A service's open client connections, so a graceful stop can refuse new ones, let each finish what
 * it has in flight (a commit, announcing its leaves), and close the rest with a going-away code.
 */
public final class LiveConnections {
  /** What shutdown needs from a connection. */
  public interface Drainable {
    /** Stops taking new requests, finishes what is in flight, then closes with 1001. */
    Future<Void> drainAndClose();
  }

  private final Set<Drainable> open = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean closing = new AtomicBoolean();

  public boolean closing() {
    return closing.get();
  }

  /** Registers a connection; false when the node is shutting down and it must be refused. */
  public boolean add(Drainable connection) {
    if (closing.get()) {
      return false;
    }
    open.add(connection);
    return true;
  }

  public void remove(Drainable connection) {
    open.remove(connection);
  }

  /** Refuses new connections from now on and drains every open one. */
  public Future<Void> drainAll() {
    closing.set(true);
    return Future.join(open.stream().map(Drainable::drainAndClose).toList()).mapEmpty();
  }
}
