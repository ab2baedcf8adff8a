package io.lockstep.sync.convergence;

import io.lockstep.sync.testing.FrameSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A subscriber that only reads one document, held on one node (its "home"; while that node is
 * down, another), as docs/protocol.md tells a client to: {@code sub}, then the reply, then live
 * ops at contiguous versions; on {@code unavailable} without a request id, subscribe again from
 * its version; on a closed connection, reconnect and do the same. It records when it first held
 * each version, for the staleness check, and every break of the protocol's ordering promises (a
 * gap, a duplicate, a live op before the reply) as a violation instead of failing at once.
 * Runs on its own thread until {@link #stop}.
 */
final class Watcher implements Runnable {
  private static final long BACKOFF_MS = 100;

  private final String name;
  private final String doc;
  private final WebSocketClient sockets;
  private final List<Integer> ports;
  private final Map<Long, Long> firstHeldAt = new ConcurrentHashMap<>();
  private final List<String> violations = new ArrayList<>();
  private volatile boolean stopped;
  private volatile long version = -1;
  private FrameSocket socket;
  private long nextId = 1;
  private long subRequest = -1;
  private int reconnects;

  /** A watcher of {@code doc} that connects to {@code ports.get(0)} first, then the others in order. */
  Watcher(String name, String doc, WebSocketClient sockets, List<Integer> ports) {
    this.name = name;
    this.doc = doc;
    this.sockets = sockets;
    this.ports = List.copyOf(ports);
  }

  @Override
  public void run() {
    try {
      open();
      while (!stopped && socket != null) {
        JsonObject frame = socket.poll(20);
        if (frame != null) {
          handle(frame);
        }
      }
    } catch (RuntimeException | AssertionError e) {
      violation("watcher failed: " + e);
    } finally {
      if (socket != null) {
        socket.close();
      }
    }
  }

  void stop() {
    stopped = true;
  }

  String name() {
    return name;
  }

  String doc() {
    return doc;
  }

  long version() {
    return version;
  }

  /** When this watcher first held each version (epoch ms). */
  Map<Long, Long> firstHeldAt() {
    return firstHeldAt;
  }

  synchronized List<String> violations() {
    return List.copyOf(violations);
  }

  int reconnects() {
    return reconnects;
  }

  private void open() {
    for (int attempt = 0; !stopped; attempt++) {
      int port = ports.get(attempt % ports.size());
      try {
        socket = FrameSocket.connect(sockets, port);
        subscribe();
        return;
      } catch (AssertionError | RuntimeException e) {
        pause(BACKOFF_MS);
      }
    }
  }

  private void subscribe() {
    subRequest = nextId++;
    JsonObject sub = new JsonObject().put("t", "sub").put("id", subRequest).put("doc", doc);
    if (version >= 0) {
      sub.put("v", version);
    }
    socket.send(sub);
  }

  private void handle(JsonObject frame) {
    switch (frame.getString("t")) {
      case "snapshot" -> {
        if (isSubReply(frame)) {
          long at = frame.getLong("v");
          if (version >= 0 && at < version) {
            violation("snapshot at v" + at + " behind v" + version + " already held");
          }
          holdUpTo(at);
        }
      }
      case "ops" -> {
        if (isSubReply(frame)) {
          JsonArray ops = frame.getJsonArray("ops");
          for (int i = 0; i < ops.size(); i++) {
            apply(ops.getJsonObject(i), "catch-up");
          }
        }
      }
      case "op" -> {
        if (subRequest >= 0) {
          violation("live op v" + frame.getLong("v") + " before the reply to sub");
        } else {
          apply(frame, "live");
        }
      }
      case "err" -> onError(frame);
      case FrameSocket.CLOSED -> {
        reconnects++;
        socket.close();
        pause(BACKOFF_MS);
        open();
      }
      default -> { }
    }
  }

  private boolean isSubReply(JsonObject frame) {
    if (frame.getValue("re") instanceof Number re && re.longValue() == subRequest) {
      subRequest = -1;
      return true;
    }
    return false;
  }

  private void onError(JsonObject frame) {
    boolean interrupted = frame.getValue("re") == null && doc.equals(frame.getString("doc"));
    boolean subRefused = frame.getValue("re") instanceof Number re && re.longValue() == subRequest;
    if ("unavailable".equals(frame.getString("code")) && (interrupted || subRefused)) {
      if (subRefused) {
        pause(BACKOFF_MS);
      }
      subscribe();
      return;
    }
    violation("error frame: " + frame.encode());
  }

  private void apply(JsonObject op, String how) {
    long v = op.getLong("v");
    if (v != version + 1) {
      violation(how + " op v" + v + " while holding v" + version + (v <= version ? " (duplicate)" : " (gap)"));
      if (v <= version) {
        return;
      }
    }
    holdUpTo(v);
  }

  private void holdUpTo(long at) {
    long now = System.currentTimeMillis();
    for (long v = Math.max(0, version + 1); v <= at; v++) {
      firstHeldAt.putIfAbsent(v, now);
    }
    version = Math.max(version, at);
  }

  private synchronized void violation(String what) {
    if (violations.size() < 20) {
      violations.add(name + " on " + doc + ": " + what);
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
