package io.lockstep.common.engine.ops;

import io.lockstep.common.config.FeedConfig;
import io.lockstep.common.engine.broker.OpTopics;
import io.lockstep.common.engine.feed.DocFeeds;
import io.lockstep.common.engine.feed.FeedTopics;
import io.lockstep.common.engine.redis.LuaScript;
import io.lockstep.common.engine.redis.RedisConnections;
import io.lockstep.common.engine.redis.RedisKeys;
import io.lockstep.common.protocol.FeedChannels;
import io.lockstep.common.util.PlainJson;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@link OpStore} shared by every replica, in Redis; passes {@code OpStoreContract} like
 * {@link MemoryOpStore}.
 *
 * <p>Layout (see {@link RedisKeys}): per document a hash with the version and the latest stored
 * snapshot, a sorted set of encoded op frames scored by version (so {@link #ops} is one
 * {@code ZRANGEBYSCORE}), a sorted set of the retained ops' {@code (src, seq)}, a hash of each
 * source's last {@code seq}, a sorted set of the sources by the version of their last op, and the
 * document's {@code doc:} feed channel (a stream and its counters, laid out as every feed
 * channel's). Every key carries the {@code {doc}} hash tag, so Redis Cluster keeps a document in
 * one slot.
 *
 * <p>Commit: one Lua script ({@code lua/op_commit.lua}, by {@code EVALSHA}) does the whole
 * {@link OpStore#commitAll} atomically: de-duplicate, check the version, append the op frames (encoded
 * once here; the same bytes are stored and published), record the sources, store the snapshot, trim
 * to the {@link Retention} (ops, bytes of frames; never past the stored snapshot; source records), and {@code PUBLISH} the frames on
 * {@link OpTopics#forDoc}, then append each op to the document's {@code doc:} feed channel and publish
 * it there ({@link DocFeeds}): the feed is written in the commit, never after it, so a node that dies
 * between the two cannot leave an op out of it (issue 14). The store therefore publishes through Redis
 * itself, not through a {@code Broker} object: a {@code RedisBroker} on the same Redis receives it.
 *
 * <p>Threading: stateless apart from its connections; safe from any context. A future completes on
 * the context that called (the client's behaviour), but callers that own state should still resume
 * on their own context ({@code ContextHop.resumeOn}) rather than rely on it.
 *
 * <p>Failures: Redis down, a timeout or any other Redis failure fails the future with
 * {@code LockstepException(unavailable)} carrying the cause; after a failed commit the op may or may
 * not be committed (resubmit with the same {@code (src, seq)}). Bad arguments fail as the interface
 * says. Stored data that does not decode (a bug, or foreign data under our keys) fails with
 * {@code IllegalStateException}.
 *
 * <p>Limits: documents are never expired; a caller that never stores snapshots keeps the whole log. Versions are exact up to 2^53 (Lua numbers).
 */
public final class RedisOpStore implements OpStore {
  private static final LuaScript COMMIT = LuaScript.load("op_commit");
  private static final int COMMITTED = 1;
  private static final int CONFLICT = 2;
  private static final int DUPLICATE = 3;
  private static final int FOREIGN = 4;

  private final RedisConnections redis;
  private final Retention retention;
  private final DocFeeds feeds;

  /**
   * @param redis the connections to use; not closed by this store
   * @param retention how much of each document to keep
   * @param feeds how the documents' {@code doc:} feed channels are kept
   */
  public RedisOpStore(RedisConnections redis, Retention retention, DocFeeds feeds) {
    this.redis = Objects.requireNonNull(redis, "redis");
    this.retention = Objects.requireNonNull(retention, "retention");
    this.feeds = Objects.requireNonNull(feeds, "feeds");
  }

  /** A store whose {@code doc:} feeds keep the default feed retention. */
  public RedisOpStore(RedisConnections redis, Retention retention) {
    this(redis, retention, new DocFeeds(FeedConfig.DEFAULTS.retainEvents(), FeedConfig.DEFAULTS.retainMs(),
        System::currentTimeMillis));
  }

  /** A store keeping {@code retainOps} ops per document, with the default byte, source and feed bounds. */
  public RedisOpStore(RedisConnections redis, int retainOps) {
    this(redis, Retention.ofOps(retainOps));
  }

  @Override
  public Future<Snapshot> snapshot(String doc) {
    Objects.requireNonNull(doc, "doc");
    return read(Request.cmd(Command.HGET).arg(RedisKeys.docMeta(doc)).arg("snapshot"))
        .map(reply -> reply == null ? Snapshot.missing(doc) : decodeSnapshot(doc, reply.toBuffer()));
  }

  @Override
  public Future<Long> version(String doc) {
    Objects.requireNonNull(doc, "doc");
    return read(Request.cmd(Command.HGET).arg(RedisKeys.docMeta(doc)).arg("v"))
        .map(reply -> reply == null ? 0L : reply.toLong());
  }

  /**
   * From the source's last commit ({@code "<seq>:<v>"}), else the retained ids ({@code "<seq>:<src>"}
   * scored by version), which also answer for a source whose record was dropped.
   */
  @Override
  public Future<Optional<Long>> committedVersion(String doc, String src, long seq) {
    Objects.requireNonNull(doc, "doc");
    Objects.requireNonNull(src, "src");
    return read(Request.cmd(Command.HGET).arg(RedisKeys.sources(doc)).arg(src)).compose(last -> {
      String[] mark = last == null ? null : last.toString().split(":", 3); // seq:v[:owner]
      if (mark != null && Long.parseLong(mark[0]) == seq) {
        return Future.succeededFuture(Optional.of(Long.parseLong(mark[1])));
      }
      return read(Request.cmd(Command.ZSCORE).arg(RedisKeys.opIds(doc)).arg(seq + ":" + src))
          .map(score -> score == null ? Optional.<Long>empty() : Optional.of(score.toDouble().longValue()));
    });
  }

  @Override
  public Future<List<StoredOp>> ops(String doc, long from, long to) {
    Objects.requireNonNull(doc, "doc");
    if (from < 0) {
      return Future.failedFuture(new IllegalArgumentException("from must be >= 0, got " + from));
    }
    if (to <= from) {
      return Future.succeededFuture(List.of());
    }
    // "(from" excludes the lower bound; the log holds one frame per version, so no gap is invented.
    Request range = Request.cmd(Command.ZRANGEBYSCORE).arg(RedisKeys.opLog(doc))
        .arg("(" + from).arg(to == Long.MAX_VALUE ? "+inf" : Long.toString(to));
    return read(range).map(RedisOpStore::decodeOps);
  }

  @Override
  public Future<CommitResult> commitAll(List<StoredOp> ops, Optional<Snapshot> snapshotAfterLast) {
    Optional<IllegalArgumentException> problem = CommitBatch.problem(ops, snapshotAfterLast);
    if (problem.isPresent()) {
      return Future.failedFuture(problem.get());
    }
    String doc = ops.get(0).doc();
    List<Object> args = new ArrayList<>(9 + 5 * ops.size());
    args.add(Integer.toString(retention.ops()));
    args.add(OpTopics.forDoc(doc));
    args.add(snapshotAfterLast.map(RedisOpStore::encodeSnapshot).orElse(""));
    args.add(Long.toString(retention.bytes()));
    args.add(Integer.toString(retention.sources()));
    args.add(Long.toString(feeds.clock().getAsLong()));
    args.add(Integer.toString(feeds.retainEvents()));
    args.add(Long.toString(feeds.retainMs()));
    args.add(FeedTopics.forChannel(FeedChannels.forDoc(doc)));
    for (StoredOp op : ops) {
      args.add(Long.toString(op.v()));
      args.add(op.src() == null ? "" : op.src());
      args.add(Long.toString(op.seq()));
      args.add(StoredOpCodec.encode(op));
      args.add(op.owner() == null ? "" : op.owner());
    }
    return COMMIT.run(redis, RedisKeys.commitKeys(doc), args)
        .recover(e -> RedisConnections.unavailable("op store", e))
        .map(reply -> commitResult(reply, ops));
  }

  private Future<Response> read(Request request) {
    return redis.send(request).recover(e -> RedisConnections.unavailable("op store", e));
  }

  private static CommitResult commitResult(Response reply, List<StoredOp> ops) {
    int kind = reply.get(0).toInteger();
    long n = reply.get(1).toLong();
    if (kind == COMMITTED) {
      return new CommitResult.Committed(n);
    }
    if (kind == CONFLICT) {
      return new CommitResult.VersionConflict(n);
    }
    if (kind == DUPLICATE) {
      // op_commit.lua answers -1 for a superseded seq whose entry left the retained log.
      return n < 1 ? CommitResult.Duplicate.forgotten() : new CommitResult.Duplicate(n);
    }
    if (kind == FOREIGN) {
      return new CommitResult.ForeignSource(ops.get((int) n).src());
    }
    throw new IllegalStateException("op_commit.lua answered an unknown kind " + kind);
  }

  private static List<StoredOp> decodeOps(Response reply) {
    List<StoredOp> ops = new ArrayList<>(reply.size());
    for (Response frame : reply) {
      ops.add(StoredOpCodec.decode(frame.toBuffer()));
    }
    return List.copyOf(ops);
  }

  /** The stored form of a snapshot: {@code {"v":…,"type":…,"data":…}} ({@code doc} is in the key). */
  private static String encodeSnapshot(Snapshot snapshot) {
    return new JsonObject().put("v", snapshot.v()).put("type", snapshot.type()).put("data", snapshot.data()).encode();
  }

  private static Snapshot decodeSnapshot(String doc, Buffer stored) {
    try {
      JsonObject json = new JsonObject(stored);
      return new Snapshot(doc, json.getLong("v"), json.getString("type"), PlainJson.unwrap(json.getValue("data")));
    } catch (DecodeException | ClassCastException | NullPointerException e) {
      throw new IllegalStateException("stored snapshot of " + doc + " does not decode: " + e.getMessage(), e);
    }
  }
}
