package io.lockstep.presence.ws;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Connection ids ({@code conn}), unique across the cluster and across restarts: the node id, a random
 * token drawn at start, and a counter, e.g. {@code node-1.k3x9q2.17}. Members are keyed by it in the
 * store, so an id is never reused, even by a restarted node with the same node id.
 */
public final class ConnIds {
  private final String prefix;
  private final AtomicLong counter = new AtomicLong();

  public ConnIds(String nodeId) {
    String token = Long.toString(new SecureRandom().nextLong() & Long.MAX_VALUE, 36);
    this.prefix = nodeId + "." + token.substring(0, Math.min(6, token.length())) + ".";
  }

  public String next() {
    return prefix + counter.incrementAndGet();
  }
}
