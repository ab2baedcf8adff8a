package io.lockstep.sync.fanout;

import io.lockstep.common.engine.broker.Broker;
import io.lockstep.common.engine.broker.OpTopics;
import io.lockstep.common.engine.broker.Subscription;
import io.lockstep.common.engine.ops.OpStore;
import io.lockstep.common.util.ContextHop;
import io.lockstep.sync.metrics.SyncMetrics;
import io.lockstep.sync.sequencer.Sequencer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.Map;

/**
 * The document fanouts of one event loop: a node subscribes to a document's broker topic only while
 * it has local subscribers, once per loop, and unsubscribes when the last one leaves. Not
 * thread-safe: owned by the event loop that created it.
 */
public final class DocFanouts {
  private final Broker broker;
  private final Sequencer sequencer;
  private final OpStore store;
  private final SyncMetrics metrics;
  private final Map<String, DocFanout> fanouts = new HashMap<>();

  /**
   * How long a fan-out may stay quiet before it compares its version with the store's for ops the
   * broker lost (a lost op followed by no other shows no gap; a commit whose reply was lost was never
   * published). With the check made when the broker's connection comes back, this bounds how long a
   * subscriber can stay behind a committed op once the store answers again (issue 14: within 2 s); it
   * costs one version read per quiet document per second.
   */
  static final long QUIET_CHECK_MS = 1_000;
  /**
   * How often the fan-outs are looked at for quiet ones: a quiet one is checked at most this long
   * after its quiet time is up. Looking costs no Redis call.
   */
  private static final long CHECK_EVERY_MS = 250;

  /**
   * @param sequencer where a fan-out reads its starting version (as a {@code sub} reply does)
   * @param store where it reads the ops the broker lost, and the version it compares with
   */
  public DocFanouts(Broker broker, Sequencer sequencer, OpStore store, SyncMetrics metrics) {
    this.broker = broker;
    this.sequencer = sequencer;
    this.store = store;
    this.metrics = metrics;
  }

  /** Starts the quiet-document check on the calling event loop (the one that owns these fanouts). */
  public DocFanouts checkQuietDocs() {
    Vertx.currentContext().owner().setPeriodic(CHECK_EVERY_MS, id -> {
      long now = System.currentTimeMillis();
      for (DocFanout fanout : fanouts.values()) {
        fanout.checkIfQuiet(now, QUIET_CHECK_MS);
      }
    });
    return this;
  }

  /**
   * Adds {@code listener} to the document's fan-out, opening it when needed. Completes with the last
   * version the fan-out has delivered once it is live; from then on the listener receives every op
   * after that version, in order.
   */
  public Future<Long> join(String doc, FanoutListener listener) {
    DocFanout fanout = fanouts.get(doc);
    if (fanout == null) {
      Context loop = Vertx.currentContext();
      DocFanout opened = new DocFanout(doc, sequencer, store, loop, metrics);
      fanouts.put(doc, opened);
      Future<Subscription> subscribing = broker.subscribe(OpTopics.forDoc(doc),
          payload -> FanoutOp.fromBroker(payload).forEach(opened::onBrokerMessage), resumed -> opened.onBrokerResumed());
      opened.open(ContextHop.resumeOn(loop, subscribing))
          .onFailure(e -> {
            if (fanouts.get(doc) == opened) {
              fanouts.remove(doc);
            }
          });
      fanout = opened;
    }
    fanout.add(listener);
    DocFanout joined = fanout;
    return fanout.ready.map(v -> joined.delivered());
  }

  /** Removes {@code listener}; the fan-out closes when it was the last one. */
  public void leave(String doc, FanoutListener listener) {
    DocFanout fanout = fanouts.get(doc);
    if (fanout != null && fanout.remove(listener)) {
      fanouts.remove(doc);
      fanout.close();
    }
  }

  public int size() {
    return fanouts.size();
  }
}
