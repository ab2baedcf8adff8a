package io.lockstep.edge.service;

import io.lockstep.common.config.ConnectionLimits;
import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.LockstepException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The process's open client connections (WebSocket and SSE, every service together), counted in
 * total and per client address, so one process refuses what it cannot hold instead of running out of
 * memory or file descriptors: past {@code maxConnections} a new one is refused with
 * {@code unavailable} (503), past {@code maxConnectionsPerIp} from one address with
 * {@code rate_limited} (429). The per-address table holds only addresses with an open connection, so
 * it has at most {@code maxConnections} entries. Shared by every event loop: thread-safe.
 */
public final class ConnectionCap {
  private final ConnectionLimits limits;
  private final AtomicInteger open = new AtomicInteger();
  private final ConcurrentHashMap<String, Integer> perAddress = new ConcurrentHashMap<>();

  public ConnectionCap(ConnectionLimits limits) {
    this.limits = limits;
  }

  /** One admitted connection's place, given back once when the connection ends. */
  public final class Slot {
    private final String address;
    private final AtomicBoolean released = new AtomicBoolean();

    private Slot(String address) {
      this.address = address;
    }

    /** Gives the place back; later calls do nothing. */
    public void release() {
      if (released.compareAndSet(false, true)) {
        perAddress.computeIfPresent(address, (a, n) -> n == 1 ? null : n - 1);
        open.decrementAndGet();
      }
    }
  }

  /**
   * A place for a new connection from {@code address}; fails with {@code unavailable} when the
   * process is full and {@code rate_limited} when that address is.
   */
  public Slot admit(String address) {
    if (open.incrementAndGet() > limits.maxConnections()) {
      open.decrementAndGet();
      throw new LockstepException(ErrorCode.UNAVAILABLE,
          "the server holds its maximum of " + limits.maxConnections() + " connections; retry later");
    }
    boolean[] admitted = {false};
    perAddress.compute(address, (a, n) -> {
      int count = n == null ? 0 : n;
      if (count >= limits.maxConnectionsPerIp()) {
        return n;
      }
      admitted[0] = true;
      return count + 1;
    });
    if (!admitted[0]) {
      open.decrementAndGet();
      throw new LockstepException(ErrorCode.RATE_LIMITED,
          "at most " + limits.maxConnectionsPerIp() + " open connections per client address");
    }
    return new Slot(address);
  }

  /** Open connections now (for metrics and tests). */
  public int open() {
    return open.get();
  }
}
