package io.lockstep.sync.fanout;

import io.lockstep.common.engine.broker.Broker;
import io.lockstep.common.engine.broker.OpTopics;
import io.lockstep.sync.sequencer.Sequencers;
import io.lockstep.common.engine.broker.Subscription;
import io.lockstep.common.util.ContextHop;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.Map;

/**
 * The document feeds of one event loop: a node subscribes to a document's broker topic only while
 * it has local subscribers, once per loop, and unsubscribes when the last one leaves. Not
 * thread-safe: owned by the event loop that created it.
 */
public final class DocFeeds {
  private final Broker broker;
  private final Sequencers sequencers;
  private final Map<String, DocFeed> feeds = new HashMap<>();

  /**
   * How long a feed may stay quiet before it compares its version with the store's for ops the
   * broker lost (a lost op followed by no other shows no gap). This bounds how long a subscriber can
   * stay behind a committed op once the store answers again (issue 14: within 2 s); it costs one
   * version read per quiet feed per second.
   */
  static final long QUIET_CHECK_MS = 1_000;
  /** How often the feeds are looked at for quiet ones. */
  private static final long CHECK_EVERY_MS = 500;

  public DocFeeds(Broker broker, Sequencers sequencers) {
    this.broker = broker;
    this.sequencers = sequencers;
  }

  /** Starts the quiet-feed check on the calling event loop (the one that owns these feeds). */
  public DocFeeds checkQuietFeeds() {
    Vertx.currentContext().owner().setPeriodic(CHECK_EVERY_MS, id -> {
      long now = System.currentTimeMillis();
      for (DocFeed feed : feeds.values()) {
        feed.checkIfQuiet(now, QUIET_CHECK_MS);
      }
    });
    return this;
  }

  /**
   * Adds {@code listener} to the document's feed, opening it when needed. Completes with the last
   * version the feed has delivered once it is live; from then on the listener receives every op
   * after that version, in order.
   */
  public Future<Long> join(String doc, FeedListener listener) {
    DocFeed feed = feeds.get(doc);
    if (feed == null) {
      DocFeed opened = new DocFeed(doc, sequencers);
      feeds.put(doc, opened);
      Context loop = Vertx.currentContext();
      Future<Subscription> subscribing = broker.subscribe(OpTopics.forDoc(doc),
          payload -> FeedOp.fromBroker(payload).forEach(opened::onBrokerMessage));
      opened.open(ContextHop.resumeOn(loop, subscribing))
          .onFailure(e -> {
            if (feeds.get(doc) == opened) {
              feeds.remove(doc);
            }
          });
      feed = opened;
    }
    feed.add(listener);
    DocFeed joined = feed;
    return feed.ready.map(v -> joined.delivered());
  }

  /** Removes {@code listener}; the feed closes when it was the last one. */
  public void leave(String doc, FeedListener listener) {
    DocFeed feed = feeds.get(doc);
    if (feed != null && feed.remove(listener)) {
      feeds.remove(doc);
      feed.close();
    }
  }

  public int size() {
    return feeds.size();
  }
}
