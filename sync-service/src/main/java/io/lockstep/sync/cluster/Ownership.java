package io.lockstep.sync.cluster;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which node sequences each document: consistent hashing ({@link HashRing}) over the cluster's
 * sync-service nodes, so each document has one owner in the cluster while membership is stable and
 * only about 1/n of the documents move when a node joins, leaves or dies.
 *
 * <p>Members come from the cluster manager ({@code ClusterManager.getNodes()}), re-read every
 * {@value #POLL_MS} ms and whenever a forward finds its owner unreachable. (Its node listener is not
 * used: the cluster manager holds a single one, which Vert.x itself occupies.) A member joins the
 * ring only once it has answered a probe on its owner address, so a node that is still starting, or
 * one that runs no sync-service (a presence-only process in the same cluster), is never handed
 * documents. A member that stops answering ({@link #unreachable}) leaves the ring at once and is
 * probed again with a growing backoff. This node is always in its own ring.
 *
 * <p>Nodes may briefly disagree about owners while membership changes; that is safe, since the
 * store's atomic version check decides between two sequencers of one document. Listeners added
 * with {@link #onChange} run after every change, on this object's context.
 *
 * <p>Threading: {@link #ownerOf} and {@link #members} read an immutable ring and are safe from any
 * thread; everything else is handed to the context the ownership was started on.
 */
public final class Ownership {
  private static final Logger LOG = LoggerFactory.getLogger(Ownership.class);

  static final long POLL_MS = 250;
  static final long PROBE_FIRST_MS = 50;
  static final long PROBE_MAX_MS = 5_000;

  private final Vertx vertx;
  private final Context context;
  private final String self;
  private final Supplier<? extends Collection<String>> clusterNodes;
  private final Function<String, Future<?>> probe;
  private final ClusterMetrics metrics;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private volatile HashRing ring;

  // Touched only on the context.
  private Set<String> seen = Set.of();
  private final Set<String> ready = new HashSet<>();
  private final Set<String> probing = new HashSet<>();
  private long pollTimer = -1;
  private boolean closed;

  private Ownership(Vertx vertx, Context context, String self, Supplier<? extends Collection<String>> clusterNodes,
      Function<String, Future<?>> probe, ClusterMetrics metrics) {
    this.vertx = vertx;
    this.context = context;
    this.self = self;
    this.clusterNodes = clusterNodes;
    this.probe = probe;
    this.metrics = metrics;
    this.ring = HashRing.of(List.of(self));
  }

  /**
   * Starts tracking the cluster's members on the caller's context (a new one off Vert.x threads).
   *
   * @param self this node's id in the cluster
   * @param clusterNodes the cluster manager's current member ids (may throw while it leaves)
   * @param probe checks that a member's sync-service answers on its owner address
   */
  public static Ownership start(Vertx vertx, String self, Supplier<? extends Collection<String>> clusterNodes,
      Function<String, Future<?>> probe, ClusterMetrics metrics) {
    Ownership ownership = new Ownership(vertx, vertx.getOrCreateContext(), self, clusterNodes, probe, metrics);
    ownership.context.runOnContext(v -> {
      ownership.poll();
      ownership.pollTimer = vertx.setPeriodic(POLL_MS, id -> ownership.poll());
    });
    return ownership;
  }

  /** This node's id. */
  public String self() {
    return self;
  }

  /** The node that sequences {@code doc}. */
  public String ownerOf(String doc) {
    return ring.ownerOf(doc);
  }

  /** Whether this node sequences {@code doc}. */
  public boolean isLocal(String doc) {
    return self.equals(ring.ownerOf(doc));
  }

  /** The sequencing nodes, sorted (this one included). */
  public List<String> members() {
    return ring.members();
  }

  /** Runs {@code listener} after every change of the members, on this ownership's context. */
  public void onChange(Runnable listener) {
    listeners.add(listener);
  }

  /**
   * Reports that {@code member} did not answer a forwarded call: it leaves the ring now (its
   * documents move to the others) and comes back once it answers a probe again.
   */
  public void unreachable(String member) {
    context.runOnContext(v -> {
      if (!closed && ready.remove(member)) {
        LOG.warn("cluster node {} did not answer; its documents move to the other nodes until it does", member);
        rebuild();
        startProbing(member);
      }
      poll();
    });
  }

  /** Stops following the cluster. */
  public void close() {
    context.runOnContext(v -> {
      closed = true;
      if (pollTimer >= 0) {
        vertx.cancelTimer(pollTimer);
      }
    });
  }

  private void poll() {
    if (closed) {
      return;
    }
    Set<String> now;
    try {
      now = new HashSet<>(clusterNodes.get());
    } catch (RuntimeException e) {
      // The cluster manager is leaving or not joined yet: keep the last view.
      return;
    }
    now.remove(self);
    if (now.equals(seen)) {
      return;
    }
    seen = Set.copyOf(now);
    ready.retainAll(seen);
    for (String member : seen) {
      if (!ready.contains(member)) {
        startProbing(member);
      }
    }
    rebuild();
  }

  private void startProbing(String member) {
    if (probing.add(member)) {
      probeNow(member, PROBE_FIRST_MS);
    }
  }

  private void probeNow(String member, long nextDelayMs) {
    Future<?> answered;
    try {
      answered = probe.apply(member);
    } catch (RuntimeException e) {
      answered = Future.failedFuture(e);
    }
    answered.onComplete(ar -> context.runOnContext(v -> {
      if (closed || !seen.contains(member)) {
        probing.remove(member);
        return;
      }
      if (ar.succeeded()) {
        probing.remove(member);
        ready.add(member);
        rebuild();
        return;
      }
      // Still starting, gone without the cluster noticing yet, or running no sync-service.
      vertx.setTimer(nextDelayMs, id -> probeNow(member, Math.min(PROBE_MAX_MS, nextDelayMs * 2)));
    }));
  }

  private void rebuild() {
    Set<String> members = new TreeSet<>(ready);
    members.add(self);
    if (members.equals(new TreeSet<>(ring.members()))) {
      return;
    }
    ring = HashRing.of(members);
    metrics.ownershipChanged(members.size());
    LOG.info("sync-service cluster: documents are sequenced by {} node(s) {} (this node: {})",
        members.size(), members, self);
    for (Runnable listener : listeners) {
      listener.run();
    }
  }
}
