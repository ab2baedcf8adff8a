package io.lockstep.sync.fanout;

import io.lockstep.common.engine.broker.Subscription;
import io.lockstep.common.engine.ops.OpStore;
import io.lockstep.common.engine.ops.StoredOp;
import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.LockstepException;
import io.lockstep.common.util.ContextHop;
import io.lockstep.sync.metrics.SyncMetrics;
import io.lockstep.sync.sequencer.Sequencer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One document's live ops on one event loop: a single broker subscription shared by every local
 * subscriber, turned into a gap-free, duplicate-free, ordered stream.
 *
 * <p>The broker is at-most-once and only orders what one publisher sends, so the fan-out keeps the
 * last version it delivered: an older or equal version is a duplicate and dropped; a version past
 * the next one means messages were lost, and the missing ops are read from the store before delivery
 * resumes. Until the starting version is known, and while a gap is being filled, arrivals wait in
 * order in {@code pending}.
 *
 * <p>A lost op that no later op follows shows no gap, so the fan-out also compares its version with
 * the store's when the broker's connection comes back (every subscribed document at once) and when it
 * has been quiet for a while. Those checks and the gap reads go to the store itself, never through the
 * document's sequencer: there they would queue behind the document's pending commits, each of which
 * may wait out a store deadline after an outage, and a subscriber would stay behind meanwhile.
 *
 * <p>A check or gap read that fails (the store is down, or still loading its data after a restart
 * while the broker is already back, or a pooled connection to the Redis that was killed) is tried
 * again every {@value #RETRY_FIRST_MS} ms {@value #FLAT_RETRIES} times (Redis is usually back by
 * then: the broker's connection came back), then after a delay doubling up to {@value #RETRY_MAX_MS}
 * ms, one call in flight at a time; a check asked for while another call is in flight runs when
 * that one is done. So once the store answers again a lost op is found within the backoff, not at
 * the next quiet check.
 */
final class DocFanout {
  private static final Logger LOG = LoggerFactory.getLogger(DocFanout.class);
  /** Delay before a failed store check or gap read is tried again. */
  static final long RETRY_FIRST_MS = 100;
  /** Tries at that delay before it doubles with each failure. */
  static final int FLAT_RETRIES = 4;
  /** Longest delay between those tries: while the store is down, one call per document per second. */
  static final long RETRY_MAX_MS = 1_000;

  private final String doc;
  private final Sequencer sequencer;
  private final OpStore store;
  private final Context loop;
  private final SyncMetrics metrics;
  private final List<FanoutListener> listeners = new ArrayList<>();
  private final TreeMap<Long, FanoutOp> pending = new TreeMap<>();
  /** The last version delivered; meaningful once {@code started}. */
  private long delivered;
  /** The starting version is known (read after the broker subscription was in place). */
  private boolean started;
  private long lastActivityMs = System.currentTimeMillis();
  private boolean filling;
  /** A store version read is in flight (at most one: during an outage each waits out its deadline). */
  private boolean checking;
  /** A store check was asked for while a check or gap read was in flight: it runs when that one is done. */
  private boolean recheck;
  /** The timer of the next try after a failed store call, or -1. */
  private long retryTimer = -1;
  /** Store calls failed in a row, for the backoff. */
  private int failedCalls;
  private boolean closed;
  private Subscription subscription;
  Future<Void> ready;

  /** Call on {@code loop}, the event loop that owns this fan-out. */
  DocFanout(String doc, Sequencer sequencer, OpStore store, Context loop, SyncMetrics metrics) {
    this.doc = doc;
    this.sequencer = sequencer;
    this.store = store;
    this.loop = loop;
    this.metrics = metrics;
  }

  /** Subscribes to the broker first, then reads the version: an op committed in between arrives and is kept. */
  Future<Void> open(Future<Subscription> subscribing) {
    ready = subscribing
        .compose(sub -> {
          subscription = sub;
          return sequencer.version(doc);
        })
        .map(version -> {
          delivered = version;
          started = true;
          drainPending();
          return null;
        });
    return ready;
  }

  void add(FanoutListener listener) {
    listeners.add(listener);
  }

  /** Removes a listener; true when none is left and the fan-out can close. */
  boolean remove(FanoutListener listener) {
    listeners.remove(listener);
    return listeners.isEmpty();
  }

  long delivered() {
    return delivered;
  }

  void onBrokerMessage(FanoutOp op) {
    if (closed) {
      return;
    }
    if (!started || filling) {
      pending.put(op.v(), op);
      return;
    }
    accept(op);
  }

  private void accept(FanoutOp op) {
    if (op.v() <= delivered) {
      return;
    }
    if (op.v() == delivered + 1) {
      deliver(op);
      drainPending();
      return;
    }
    pending.put(op.v(), op);
    fillGap(op.v() - 1);
  }

  private void drainPending() {
    while (!pending.isEmpty() && !filling) {
      FanoutOp next = pending.pollFirstEntry().getValue();
      if (next.v() <= delivered) {
        continue;
      }
      if (next.v() != delivered + 1) {
        pending.put(next.v(), next);
        fillGap(next.v() - 1);
        return;
      }
      deliver(next);
    }
  }

  private void fillGap(long upTo) {
    filling = true;
    long from = delivered;
    LOG.debug("doc {}: ops {}..{} missed by the broker, reading them", doc, from + 1, upTo);
    ContextHop.resumeOn(loop, store.ops(doc, from, upTo)).onComplete(ar -> {
      filling = false;
      if (closed) {
        return;
      }
      if (ar.failed()) {
        if (unavailable(ar.cause())) {
          // The store is down: a check a moment later reads them again.
          LOG.debug("doc {}: could not read ops {}..{} yet: {}", doc, from + 1, upTo, ar.cause().toString());
          retryLater();
          return;
        }
        fail(ar.cause());
        return;
      }
      failedCalls = 0;
      long now = System.currentTimeMillis();
      for (StoredOp op : ar.result()) {
        if (op.v() == delivered + 1) {
          // How long subscribers stayed behind this op: the staleness bound of issue 14, measured.
          metrics.fanoutBehind(now - op.ts());
          deliver(FanoutOp.of(op));
        }
      }
      if (delivered < upTo) {
        fail(new IllegalStateException("ops " + (delivered + 1) + ".." + upTo + " of " + doc + " are no longer retained"));
        return;
      }
      drainPending();
      if (!filling) {
        recheckIfAsked();
      }
    });
  }

  /**
   * Catches up a fan-out that has been quiet for {@code quietMs}: a broker that lost messages while
   * reconnecting says nothing, and without a later op the gap would never show.
   */
  void checkIfQuiet(long nowMs, long quietMs) {
    if (closed || filling || checking || retryTimer != -1 || !started || nowMs - lastActivityMs < quietMs) {
      return;
    }
    lastActivityMs = nowMs;
    checkStore();
  }

  /**
   * The broker's connection came back: messages published while it was down are lost, so compare with
   * the store now (or as soon as the store call in flight is done) rather than at the next quiet
   * check or after a backoff that grew while Redis was away.
   */
  void onBrokerResumed() {
    if (closed || !started) {
      return;
    }
    failedCalls = 0;
    cancelRetry();
    checkStoreSoon();
  }

  /** Checks the store now, or as soon as the store call in flight is done (one at a time). */
  private void checkStoreSoon() {
    if (checking || filling) {
      recheck = true;
    } else {
      checkStore();
    }
  }

  /** Reads the store's version (not a node's cache) and fetches every committed op not delivered yet. */
  private void checkStore() {
    checking = true;
    ContextHop.resumeOn(loop, store.version(doc)).onComplete(ar -> {
      checking = false;
      if (closed) {
        return;
      }
      if (ar.failed()) {
        LOG.debug("doc {}: could not read the store's version yet: {}", doc, ar.cause().toString());
        retryLater();
        return;
      }
      failedCalls = 0;
      if (filling) {
        // A gap read started meanwhile covers what a broker message revealed, maybe not all of this.
        recheck |= ar.result() > delivered;
      } else if (ar.result() > delivered) {
        fillGap(ar.result());
      } else {
        recheckIfAsked();
      }
    });
  }

  private void recheckIfAsked() {
    if (recheck && retryTimer == -1) {
      recheck = false;
      checkStore();
    }
  }

  /** Checks the store again after the backoff; the check asked for meanwhile is that one. */
  private void retryLater() {
    recheck = false;
    if (retryTimer != -1) {
      return;
    }
    long delay = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS << Math.min(Math.max(0, failedCalls++ - FLAT_RETRIES), 10));
    retryTimer = loop.owner().setTimer(delay, id -> {
      retryTimer = -1;
      if (!closed) {
        checkStoreSoon();
      }
    });
  }

  private void cancelRetry() {
    if (retryTimer != -1) {
      loop.owner().cancelTimer(retryTimer);
      retryTimer = -1;
    }
  }

  private static boolean unavailable(Throwable cause) {
    return cause instanceof LockstepException e && e.code() == ErrorCode.UNAVAILABLE;
  }

  private void deliver(FanoutOp op) {
    delivered = op.v();
    lastActivityMs = System.currentTimeMillis();
    for (int i = 0; i < listeners.size(); i++) {
      try {
        listeners.get(i).onOp(op);
      } catch (RuntimeException e) {
        // One broken subscriber must not cost the others on this loop their op.
        LOG.warn("doc {}: a subscriber failed on op {}: {}", doc, op.v(), e.toString());
      }
    }
  }

  private void fail(Throwable cause) {
    LOG.warn("doc {}: fan-out failed at version {}: {}", doc, delivered, cause.getMessage());
    for (FanoutListener listener : List.copyOf(listeners)) {
      listener.onFanoutFailed(cause);
    }
  }

  Future<Void> close() {
    closed = true;
    cancelRetry();
    pending.clear();
    return subscription == null ? Future.succeededFuture() : subscription.unsubscribe();
  }
}
