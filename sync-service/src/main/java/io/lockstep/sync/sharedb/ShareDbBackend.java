package io.lockstep.sync.sharedb;

import io.lockstep.common.auth.Rights;
import io.lockstep.common.config.Limits;
import io.lockstep.common.engine.broker.Subscription;
import io.lockstep.common.engine.ops.Snapshot;
import io.lockstep.common.engine.ops.StoredOp;
import io.lockstep.sync.fanout.FanoutListener;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import java.util.List;

/**
 * What the ShareDB endpoint needs from the sync-service, and nothing more: the same sequencer, op
 * store, per-loop document fan-outs, broker and token checks that {@code /sync} uses. Documents are
 * Lockstep ids ({@code collection/id}); versions are Lockstep versions. Futures complete on the
 * caller's event loop; failures are {@link io.lockstep.common.protocol.LockstepException}s.
 */
public interface ShareDbBackend {

  /** The current snapshot (version 0 and no type when the document never existed). */
  Future<Snapshot> snapshot(String doc);

  /**
   * Committed ops with {@code from} < v ≤ {@code to} (to the current version at most). Fails with
   * {@code not_found} when the oldest of them are no longer retained, and with {@code version_ahead}
   * when {@code from} is past the current version.
   */
  Future<List<StoredOp>> ops(String doc, long from, long to);

  /**
   * Commits an edit made at {@code baseV}; the result is its version (the original one for a
   * resubmission). {@code owner} is the submitter's token {@code sub}: a {@code src} another user
   * already committed with on the document is refused ({@code forbidden}), as on {@code /sync}.
   */
  Future<Long> submit(String doc, long baseV, String src, long seq, Object op, int bytes, String owner);

  /** Creates the document; {@code conflict} when it exists. {@code owner} as for {@link #submit}. */
  Future<Long> create(String doc, String type, Object data, String src, long seq, String owner);

  /** Deletes the document; {@code not_found} when it does not exist. {@code owner} as for {@link #submit}. */
  Future<Long> delete(String doc, String src, long seq, String owner);

  /** The document at an earlier version ({@code version_ahead} past the current one). */
  Future<Snapshot> snapshotAt(String doc, long v);

  /** The document as it was at a time (epoch ms). */
  Future<Snapshot> snapshotAtTime(String doc, long ts);

  /**
   * Adds {@code listener} to the document's fan-out on this event loop; completes with the last
   * version delivered, after which the listener gets every op in order.
   */
  Future<Long> follow(String doc, FanoutListener listener);

  void unfollow(String doc, FanoutListener listener);

  /** Presence messages of a channel, from every node. */
  Future<Subscription> subscribePresence(String channel, Handler<Buffer> handler);

  Future<Void> publishPresence(String channel, Buffer message);

  /** The rights of a token ({@code unauthorized} when it is bad); any token passes with auth off. */
  Future<Rights> verify(String token);

  boolean authEnabled();

  Limits limits();
}
