package io.lockstep.sync.sharedb;

import io.lockstep.common.auth.Rights;
import io.lockstep.common.config.Limits;
import io.lockstep.common.engine.broker.Subscription;
import io.lockstep.common.engine.ops.Snapshot;
import io.lockstep.common.engine.ops.StoredOp;
import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.LockstepException;
import io.lockstep.common.util.ContextHop;
import io.lockstep.common.auth.TokenVerifier;
import io.lockstep.common.engine.broker.Broker;
import io.lockstep.sync.fanout.DocFanouts;
import io.lockstep.sync.fanout.FanoutListener;
import io.lockstep.sync.history.SnapshotHistory;
import io.lockstep.sync.sequencer.Sequencer;
import io.lockstep.sync.sequencer.SubmittedOp;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.List;

/** {@link ShareDbBackend} over the sync-service of this node, for one HTTP event loop (its {@link DocFanouts}). */
final class SyncShareDbBackend implements ShareDbBackend {
  /** Presence channels of the ShareDB endpoint; braces make the channel a Redis Cluster hash tag. */
  private static final String PRESENCE_TOPIC = "sharedb-presence:{";

  private final Sequencer sequencer;
  private final DocFanouts fanouts;
  private final SnapshotHistory history;
  private final Broker broker;
  private final TokenVerifier tokens;
  private final Limits limits;

  SyncShareDbBackend(Sequencer sequencer, DocFanouts fanouts, SnapshotHistory history, Broker broker,
      TokenVerifier tokens, Limits limits) {
    this.sequencer = sequencer;
    this.fanouts = fanouts;
    this.history = history;
    this.broker = broker;
    this.tokens = tokens;
    this.limits = limits;
  }

  @Override
  public Future<Snapshot> snapshot(String doc) {
    return sequencer.snapshot(doc);
  }

  @Override
  public Future<List<StoredOp>> ops(String doc, long from, long to) {
    return sequencer.ops(doc, from, to).map(range -> {
      if (from > range.to()) {
        throw new LockstepException(ErrorCode.VERSION_AHEAD,
            "version " + from + " is ahead of the document's version " + range.to());
      }
      if (!range.complete()) {
        throw new LockstepException(ErrorCode.NOT_FOUND,
            "ops of " + doc + " after version " + from + " are no longer kept; load the document again");
      }
      return range.ops();
    });
  }

  @Override
  public Future<Long> submit(String doc, long baseV, String src, long seq, Object op, int bytes, String owner) {
    return sequencer.submit(SubmittedOp.edit(doc, baseV, src, seq, op, bytes).by(owner));
  }

  @Override
  public Future<Long> create(String doc, String type, Object data, String src, long seq, String owner) {
    return sequencer.submit(SubmittedOp.create(doc, type, data, src, seq).by(owner));
  }

  @Override
  public Future<Long> delete(String doc, String src, long seq, String owner) {
    return sequencer.submit(SubmittedOp.delete(doc, src, seq).by(owner));
  }

  @Override
  public Future<Snapshot> snapshotAt(String doc, long v) {
    return history.at(doc, v);
  }

  @Override
  public Future<Snapshot> snapshotAtTime(String doc, long ts) {
    return history.atTime(doc, ts);
  }

  @Override
  public Future<Long> follow(String doc, FanoutListener listener) {
    return fanouts.join(doc, listener);
  }

  @Override
  public void unfollow(String doc, FanoutListener listener) {
    fanouts.leave(doc, listener);
  }

  @Override
  public Future<Subscription> subscribePresence(String channel, Handler<Buffer> handler) {
    return broker.subscribe(PRESENCE_TOPIC + channel + "}", handler);
  }

  @Override
  public Future<Void> publishPresence(String channel, Buffer message) {
    return broker.publish(PRESENCE_TOPIC + channel + "}", message);
  }

  @Override
  public Future<Rights> verify(String token) {
    return ContextHop.resumeOn(Vertx.currentContext(), tokens.verify(token));
  }

  @Override
  public boolean authEnabled() {
    return tokens.enabled();
  }

  @Override
  public Limits limits() {
    return limits;
  }
}
