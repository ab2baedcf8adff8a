package io.lockstep.sync.ws;

import io.lockstep.sync.fanout.FanoutOp;
import io.vertx.core.AsyncResult;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * One connection's ack bookkeeping: which submitted ops still wait for their ack, per document
 * ({@link PendingAcks} says why an ack may wait for the op stream), and when each ack goes out —
 * on the sequencer's answer, when the stream reaches the op, or when a subscription starts or ends.
 */
final class AckBook {
  private final Map<String, PendingAcks> byDoc = new HashMap<>();
  private final Subscriptions subscriptions;
  private final Replies replies;

  AckBook(Subscriptions subscriptions, Replies replies) {
    this.subscriptions = subscriptions;
    this.replies = replies;
  }

  /**
   * Request {@code id} waits for the ack of ({@code src}, {@code seq}) on {@code doc}; with
   * {@code echo}, an ack sent from the op stream carries the op as committed.
   */
  void awaiting(String doc, String src, long seq, Long id, boolean echo) {
    byDoc.computeIfAbsent(doc, d -> new PendingAcks()).add(src, seq, id, echo);
  }

  /**
   * The sequencer's answer for a submitted op. On a live subscription the ack waits for the stream
   * to reach the op; otherwise it goes out now. A failure is answered at once.
   */
  void answered(String doc, String src, long seq, AsyncResult<Long> result) {
    PendingAcks acks = byDoc.get(doc);
    PendingAcks.Pending waiting = acks == null ? null : acks.get(src, seq);
    if (waiting == null) {
      return;
    }
    if (result.failed()) {
      acks.remove(src, seq);
      waiting.ids.forEach(id -> replies.failWith(id, doc, result.cause()));
      return;
    }
    long v = result.result();
    DocSubscription subscription = subscriptions.get(doc);
    if (subscription == null || (subscription.live() && v < subscription.nextV())) {
      acks.remove(src, seq);
      waiting.ids.forEach(id -> replies.send(ServerFrames.ack(id, doc, v)));
    } else {
      waiting.committedV = OptionalLong.of(v);
    }
  }

  /** A live op reached the connection: true when it is the connection's own, and was sent as its ack. */
  boolean ackedByStream(String doc, FanoutOp op) {
    PendingAcks acks = byDoc.get(doc);
    PendingAcks.Pending own = acks == null || acks.isEmpty() ? null : acks.remove(op.src(), op.seq());
    if (own == null) {
      return false;
    }
    Object committed = own.echo ? new JsonObject(Buffer.buffer(op.frame())).getValue("op") : null;
    own.ids.forEach(id -> replies.send(committed == null
        ? ServerFrames.ack(id, doc, op.v())
        : ServerFrames.ack(id, doc, op.v()).put("op", committed)));
    return true;
  }

  /** After a subscription starts or ends, acks whose op the stream will not bring go out now. */
  void ackCommittedBefore(String doc, long nextV) {
    PendingAcks acks = byDoc.get(doc);
    if (acks == null) {
      return;
    }
    for (var entry : acks.takeCommittedBefore(nextV)) {
      entry.getValue().ids.forEach(id -> replies.send(ServerFrames.ack(id, doc, entry.getKey())));
    }
  }

  /**
   * The stream of a document broke: its waiting acks are dropped, not sent, since an ack must not
   * overtake ops the client never got. The client resubscribes from its version, finds its
   * committed ops in the catch-up, and resends the others, which are acked then.
   */
  void forget(String doc) {
    byDoc.remove(doc);
  }
}
