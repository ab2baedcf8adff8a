package io.lockstep.edge.service;

import io.vertx.core.Future;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A service's open client connections, so a graceful stop can refuse new ones, let each finish what
 * it has in flight (a commit, announcing its leaves), and close the rest with a going-away code.
 * Each holds its place in the process's {@link ConnectionCap}, given back when it is removed.
 */
public final class LiveConnections {
  /** What shutdown needs from a connection. */
  public interface Drainable {
    /** Stops taking new requests, finishes what is in flight, then closes with 1001. */
    Future<Void> drainAndClose();
  }

  private final Map<Drainable, ConnectionCap.Slot> open = new ConcurrentHashMap<>();
  private final AtomicBoolean closing = new AtomicBoolean();

  public boolean closing() {
    return closing.get();
  }

  /**
   * Registers a connection holding {@code slot}; false when the node is shutting down and it must be
   * refused (the slot is then given back).
   */
  public boolean add(Drainable connection, ConnectionCap.Slot slot) {
    if (closing.get()) {
      slot.release();
      return false;
    }
    open.put(connection, slot);
    return true;
  }

  /** The connection ended: forgets it and gives its slot back. */
  public void remove(Drainable connection) {
    ConnectionCap.Slot slot = open.remove(connection);
    if (slot != null) {
      slot.release();
    }
  }

  /** Refuses new connections from now on and drains every open one. */
  public Future<Void> drainAll() {
    closing.set(true);
    return Future.join(open.keySet().stream().map(Drainable::drainAndClose).toList()).mapEmpty();
  }
}
