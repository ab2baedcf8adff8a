package io.lockstep.sync.sharedb;

import io.lockstep.common.auth.Rights;
import io.lockstep.common.config.Limits;
import io.lockstep.common.engine.broker.Subscription;
import io.lockstep.common.engine.ops.Snapshot;
import io.lockstep.common.engine.ops.StoredOp;
import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.LockstepException;
import io.lockstep.common.util.ContextHop;
import io.lockstep.sync.SyncNode;
import io.lockstep.sync.fanout.DocFeeds;
import io.lockstep.sync.fanout.FeedListener;
import io.lockstep.sync.history.SnapshotHistory;
import io.lockstep.sync.sequencer.Submission;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.List;

/** {@link ShareDbBackend} over the sync-service of this node, for one HTTP event loop (its {@link DocFeeds}). */
final class SyncShareDbBackend implements ShareDbBackend {
  /** Presence channels of the ShareDB endpoint; braces make the channel a Redis Cluster hash tag. */
  private static final String PRESENCE_TOPIC = "sharedb-presence:{";

  private final SyncNode node;
  private final DocFeeds feeds;
  private final SnapshotHistory history;

  SyncShareDbBackend(SyncNode node, DocFeeds feeds) {
    this.node = node;
    this.feeds = feeds;
    this.history = new SnapshotHistory(node.sequencers(), node.store());
  }

  @Override
  public Future<Snapshot> snapshot(String doc) {
    return node.sequencers().snapshot(doc);
  }

  @Override
  public Future<List<StoredOp>> ops(String doc, long from, long to) {
    return node.sequencers().ops(doc, from, to).map(range -> {
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
  public Future<Long> submit(String doc, long baseV, String src, long seq, Object op, int bytes) {
    return node.sequencers().submit(new Submission(doc, baseV, src, seq, op, bytes));
  }

  @Override
  public Future<Long> create(String doc, String type, Object data, String src, long seq) {
    return node.sequencers().create(doc, type, data, src, seq);
  }

  @Override
  public Future<Long> delete(String doc, String src, long seq) {
    return Future.failedFuture(new LockstepException(ErrorCode.BAD_REQUEST, "deleting documents is not available yet"));
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
  public Future<Long> follow(String doc, FeedListener listener) {
    return feeds.join(doc, listener);
  }

  @Override
  public void unfollow(String doc, FeedListener listener) {
    feeds.leave(doc, listener);
  }

  @Override
  public Future<Subscription> subscribePresence(String channel, Handler<Buffer> handler) {
    return node.broker().subscribe(PRESENCE_TOPIC + channel + "}", handler);
  }

  @Override
  public Future<Void> publishPresence(String channel, Buffer message) {
    return node.broker().publish(PRESENCE_TOPIC + channel + "}", message);
  }

  @Override
  public Future<Rights> verify(String token) {
    return ContextHop.resumeOn(Vertx.currentContext(), node.tokens().verify(token));
  }

  @Override
  public boolean authEnabled() {
    return node.tokens().enabled();
  }

  @Override
  public Limits limits() {
    return node.config().limits();
  }
}
