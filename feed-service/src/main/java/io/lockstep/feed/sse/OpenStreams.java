package io.lockstep.feed.sse;

import io.vertx.core.Future;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/** The node's open SSE streams, so a graceful stop can refuse new ones and end the others. */
public final class OpenStreams {
  /** What shutdown needs from a stream. */
  public interface Endable {
    /** Ends the stream cleanly (the client reconnects elsewhere with its last id). */
    Future<Void> end();
  }

  private final Set<Endable> open = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean closing = new AtomicBoolean();

  public boolean closing() {
    return closing.get();
  }

  /** Registers a stream; false when the node is stopping and it must be refused. */
  public boolean add(Endable stream) {
    if (closing.get()) {
      return false;
    }
    open.add(stream);
    return true;
  }

  public void remove(Endable stream) {
    open.remove(stream);
  }

  /** Refuses new streams from now on and ends every open one. */
  public Future<Void> endAll() {
    closing.set(true);
    return Future.join(open.stream().map(Endable::end).toList()).mapEmpty();
  }
}
