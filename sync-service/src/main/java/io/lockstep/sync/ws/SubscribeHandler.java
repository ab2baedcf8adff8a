package io.lockstep.sync.ws;

import io.lockstep.common.auth.Rights;
import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.LockstepException;
import io.lockstep.sync.fanout.DocFanouts;
import io.lockstep.sync.fanout.FanoutOp;
import io.lockstep.sync.metrics.SyncMetrics;
import io.lockstep.sync.sequencer.Sequencer;
import io.vertx.core.Future;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code sub} and {@code unsub}, and the live op stream of every document one connection has
 * open: joins the document's fan-out first, then replies with a snapshot or the ops the client
 * missed (catch-up), then goes live from exactly the version the reply ended at.
 */
final class SubscribeHandler {
  private static final Logger LOG = LoggerFactory.getLogger(SubscribeHandler.class);
  /** A client further behind than this many ops gets a snapshot instead of a catch-up. */
  static final int MAX_CATCH_UP_OPS = 1_000;

  private final Subscriptions subscriptions;
  private final DocFanouts fanouts;
  private final Sequencer sequencer;
  private final AckBook acks;
  private final Replies replies;
  private final SyncMetrics metrics;
  private final int maxSubscriptions;

  SubscribeHandler(Subscriptions subscriptions, DocFanouts fanouts, Sequencer sequencer, AckBook acks, Replies replies,
      SyncMetrics metrics, int maxSubscriptions) {
    this.subscriptions = subscriptions;
    this.fanouts = fanouts;
    this.sequencer = sequencer;
    this.acks = acks;
    this.replies = replies;
    this.metrics = metrics;
    this.maxSubscriptions = maxSubscriptions;
  }

  void onSub(ClientFrame.Sub sub, Rights rights) {
    String doc = sub.doc();
    Session.require(rights.canRead(doc), "read", doc);
    DocSubscription previous = subscriptions.remove(doc);
    if (previous != null) {
      fanouts.leave(doc, previous);
      metrics.unsubscribed(1);
    } else if (subscriptions.size() >= maxSubscriptions) {
      throw new LockstepException(ErrorCode.TOO_LARGE, "a connection may have " + maxSubscriptions + " documents open");
    }
    DocSubscription subscription = new DocSubscription(this, doc);
    subscriptions.put(subscription);
    metrics.subscribed();
    Future<Long> replied = fanouts.join(doc, subscription)
        .compose(ignored -> sub.v() == null ? sendSnapshot(sub.id(), doc, subscription) : sendCatchUp(sub, subscription));
    replied.onComplete(ar -> {
      if (subscriptions.get(doc) != subscription) {
        return;
      }
      if (ar.failed()) {
        drop(subscription);
        replies.failWith(sub.id(), doc, ar.cause());
        return;
      }
      subscription.start(ar.result());
      acks.ackCommittedBefore(doc, subscription.nextV());
    });
  }

  /** Replies with the snapshot; the result is its version. */
  private Future<Long> sendSnapshot(Long re, String doc, DocSubscription subscription) {
    return sequencer.snapshot(doc).map(snapshot -> {
      if (subscriptions.get(doc) == subscription) {
        replies.send(ServerFrames.snapshot(re, snapshot));
      }
      return snapshot.v();
    });
  }

  /** Replies with the ops after the client's version, or a snapshot when they are no longer kept. */
  private Future<Long> sendCatchUp(ClientFrame.Sub sub, DocSubscription subscription) {
    long from = sub.v();
    return sequencer.ops(sub.doc(), from, Long.MAX_VALUE).compose(range -> {
      if (from > range.to()) {
        return Future.failedFuture(new LockstepException(ErrorCode.VERSION_AHEAD,
            "version " + from + " is ahead of the document's version " + range.to()));
      }
      if (!range.complete() || range.ops().size() > MAX_CATCH_UP_OPS) {
        // Far behind: a snapshot is smaller than the ops, and bounded.
        return sendSnapshot(sub.id(), sub.doc(), subscription);
      }
      if (subscriptions.get(sub.doc()) == subscription) {
        replies.send(ServerFrames.ops(sub.id(), sub.doc(), from, range.ops()));
      }
      return Future.succeededFuture(range.to());
    });
  }

  void onUnsub(ClientFrame.Unsub unsub) {
    DocSubscription subscription = subscriptions.get(unsub.doc());
    if (subscription != null) {
      drop(subscription);
    }
    replies.send(ServerFrames.unsubbed(unsub.id(), unsub.doc()));
  }

  /** A live op for a subscriber: the connection's own op becomes its ack, any other op is sent as is. */
  void deliver(DocSubscription subscription, FanoutOp op) {
    if (!acks.ackedByStream(subscription.doc, op)) {
      replies.send(op.frame());
    }
  }

  /**
   * The stream of a document broke: the client is told to subscribe again from its version, and
   * the document's waiting acks are dropped ({@link AckBook#forget}).
   */
  void broken(DocSubscription subscription, String why) {
    if (subscriptions.get(subscription.doc) != subscription) {
      return;
    }
    LOG.warn("doc {}: subscription dropped: {}", subscription.doc, why);
    replies.fail(null, subscription.doc, ErrorCode.UNAVAILABLE, "live updates interrupted; subscribe again from your version");
    acks.forget(subscription.doc);
    subscriptions.remove(subscription.doc);
    fanouts.leave(subscription.doc, subscription);
    metrics.unsubscribed(1);
  }

  private void drop(DocSubscription subscription) {
    subscriptions.remove(subscription.doc);
    fanouts.leave(subscription.doc, subscription);
    metrics.unsubscribed(1);
    acks.ackCommittedBefore(subscription.doc, Long.MAX_VALUE);
  }

  /**
   * A new token's rights apply to the subscriptions already open: each document it may no longer
   * read is unsubscribed, with a {@code forbidden} error carrying {@code "unsub": true}.
   */
  void reapply(Rights rights) {
    for (DocSubscription subscription : subscriptions.all()) {
      if (!rights.canRead(subscription.doc)) {
        drop(subscription);
        replies.send(ServerFrames.unsubscribedForbidden(subscription.doc));
      }
    }
  }

  /** The socket closed: leaves every fan-out. */
  void closeAll() {
    List<DocSubscription> all = subscriptions.clear();
    for (DocSubscription subscription : all) {
      fanouts.leave(subscription.doc, subscription);
    }
    metrics.unsubscribed(all.size());
  }
}
