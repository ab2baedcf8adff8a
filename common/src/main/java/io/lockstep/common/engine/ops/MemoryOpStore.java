package io.lockstep.common.engine.ops;

import io.lockstep.common.engine.broker.Broker;
import io.lockstep.common.engine.broker.OpTopics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-process {@link OpStore}: the embedded default for one process, with the same semantics as
 * the Redis store (atomic version check, {@code (src, seq)} de-duplication, publish in commit order,
 * retention), checked by the same contract test.
 *
 * <p>How it works: one {@code DocLog} per document in a {@link ConcurrentHashMap}; each method takes
 * that document's monitor for a short critical section (no I/O, no waiting), so the store is safe
 * from any number of event loops and documents never contend with each other. {@code commit}
 * publishes while holding the monitor, which is what makes publish order equal commit order across
 * threads; this relies on {@link Broker#publish} never blocking nor running handlers inline. Results
 * are returned as already-completed futures.
 *
 * <p>Retention ({@link Retention}): the log keeps at most the last {@code ops} ops within {@code bytes}
 * bytes of encoded frames, but everything after the latest stored snapshot; an op is dropped only
 * once a stored snapshot covers it. At most {@code sources} {@code (src, seq)} records are kept per
 * document, the least recently committed dropped first.
 *
 * <p>Limits: everything lives on the heap and is lost when the process ends (no persistence);
 * documents are never evicted; a caller that never passes snapshots keeps the whole log. One
 * process only: replicas need the Redis store. Values are shared, not copied, so callers must not
 * mutate ops or snapshot data after committing them.
 */
public final class MemoryOpStore implements OpStore {
  private static final Logger LOG = LoggerFactory.getLogger(MemoryOpStore.class);

  private final Broker broker;
  private final Retention retention;
  private final ConcurrentHashMap<String, DocLog> docs = new ConcurrentHashMap<>();

  /**
   * @param vertx the Vert.x instance whose contexts use this store; the memory store needs no I/O
   *     from it and takes it only so every {@code OpStore} is built alike
   * @param broker where committed ops are published
   * @param retention how much of each document to keep
   */
  public MemoryOpStore(Vertx vertx, Broker broker, Retention retention) {
    Objects.requireNonNull(vertx, "vertx");
    this.broker = Objects.requireNonNull(broker, "broker");
    this.retention = Objects.requireNonNull(retention, "retention");
  }

  /** A store keeping {@code retainOps} ops per document, with the default byte and source bounds. */
  public MemoryOpStore(Vertx vertx, Broker broker, int retainOps) {
    this(vertx, broker, Retention.ofOps(retainOps));
  }

  @Override
  public Future<Snapshot> snapshot(String doc) {
    Objects.requireNonNull(doc, "doc");
    DocLog log = docs.get(doc);
    if (log == null) {
      return Future.succeededFuture(Snapshot.missing(doc));
    }
    synchronized (log) {
      return Future.succeededFuture(log.snapshot != null ? log.snapshot : Snapshot.missing(doc));
    }
  }

  @Override
  public Future<Long> version(String doc) {
    Objects.requireNonNull(doc, "doc");
    DocLog log = docs.get(doc);
    if (log == null) {
      return Future.succeededFuture(0L);
    }
    synchronized (log) {
      return Future.succeededFuture(log.version);
    }
  }

  @Override
  public Future<Optional<Long>> committedVersion(String doc, String src, long seq) {
    DocLog log = docs.get(doc);
    if (log == null) {
      return Future.succeededFuture(Optional.empty());
    }
    synchronized (log) {
      SourceMark mark = log.sources.get(src);
      if (mark != null && mark.seq() == seq) {
        return Future.succeededFuture(Optional.of(mark.v()));
      }
      // Without a record (never committed, or pushed out by newer sources) the retained log may still tell.
      long retained = mark == null || seq < mark.seq() ? log.retainedVersionOf(src, seq) : 0;
      return Future.succeededFuture(retained > 0 ? Optional.of(retained) : Optional.empty());
    }
  }

  @Override
  public Future<List<StoredOp>> ops(String doc, long from, long to) {
    Objects.requireNonNull(doc, "doc");
    if (from < 0) {
      return Future.failedFuture(new IllegalArgumentException("from must be >= 0, got " + from));
    }
    DocLog log = docs.get(doc);
    if (log == null || to <= from) {
      return Future.succeededFuture(List.of());
    }
    synchronized (log) {
      return Future.succeededFuture(log.range(from, to));
    }
  }

  @Override
  public Future<CommitResult> commitAll(List<StoredOp> ops, Optional<Snapshot> snapshotAfterLast) {
    Optional<IllegalArgumentException> problem = CommitBatch.problem(ops, snapshotAfterLast);
    if (problem.isPresent()) {
      return Future.failedFuture(problem.get());
    }
    StoredOp first = ops.get(0);
    DocLog log = first.v() == 1 ? docs.computeIfAbsent(first.doc(), d -> new DocLog()) : docs.get(first.doc());
    if (log == null) {
      // Nothing was ever committed to this document, so nothing can be a duplicate either.
      return Future.succeededFuture(new CommitResult.VersionConflict(0));
    }
    // Encoded before taking the monitor to keep the critical section short; wasted only on a conflict.
    List<Buffer> frames = ops.stream().map(StoredOpCodec::encode).toList();
    synchronized (log) {
      CommitResult result = log.commitAll(ops, frames, snapshotAfterLast, retention);
      if (result instanceof CommitResult.Committed) {
        broker.publish(OpTopics.forDoc(first.doc()), StoredOpCodec.joinFrames(frames)).onFailure(e ->
            LOG.warn("publish of committed ops failed; subscribers will fill the gap: doc={} v={}..{}",
                first.doc(), first.v(), ops.get(ops.size() - 1).v(), e));
      }
      return Future.succeededFuture(result);
    }
  }

  /** The state of one document; every access holds its monitor. */
  private static final class DocLog {
    private long version;
    private Snapshot snapshot;
    private final ArrayDeque<LoggedOp> log = new ArrayDeque<>();
    private long logBytes;
    /** In commit order of each source's last op (re-inserted on every commit), so the eldest is the least recent. */
    private final LinkedHashMap<String, SourceMark> sources = new LinkedHashMap<>();

    CommitResult commitAll(List<StoredOp> ops, List<Buffer> frames, Optional<Snapshot> snapshotAfter, Retention retention) {
      for (StoredOp op : ops) {
        SourceMark mark = op.src() == null ? null : sources.get(op.src());
        if (mark != null && mark.foreignTo(op.owner())) {
          return new CommitResult.ForeignSource(op.src());
        }
        if (mark != null && op.seq() <= mark.seq()) {
          return op.seq() == mark.seq() ? new CommitResult.Duplicate(mark.v()) : retainedDuplicate(op.src(), op.seq());
        }
        long retained = mark == null && op.src() != null ? retainedVersionOf(op.src(), op.seq()) : 0;
        if (retained > 0) {
          // The source's record was pushed out by newer sources, but the op itself is still in the log.
          return new CommitResult.Duplicate(retained);
        }
      }
      if (version != ops.get(0).v() - 1) {
        return new CommitResult.VersionConflict(version);
      }
      for (int i = 0; i < ops.size(); i++) {
        StoredOp op = ops.get(i);
        int bytes = frames.get(i).length();
        log.addLast(new LoggedOp(op, bytes));
        logBytes += bytes;
        version = op.v();
        if (op.src() != null) {
          SourceMark before = sources.remove(op.src());
          String owner = op.owner() != null || before == null ? op.owner() : before.owner();
          sources.put(op.src(), new SourceMark(op.seq(), op.v(), owner));
        }
      }
      snapshotAfter.ifPresent(after -> snapshot = after);
      trim(retention);
      return new CommitResult.Committed(version);
    }

    List<StoredOp> range(long from, long to) {
      // The log is contiguous and ends at the current version, so walk back only as far as needed.
      ArrayList<StoredOp> out = new ArrayList<>();
      Iterator<LoggedOp> back = log.descendingIterator();
      while (back.hasNext()) {
        StoredOp op = back.next().op();
        if (op.v() <= from) {
          break;
        }
        if (op.v() <= to) {
          out.add(op);
        }
      }
      Collections.reverse(out);
      return List.copyOf(out);
    }

    private CommitResult.Duplicate retainedDuplicate(String src, long seq) {
      long v = retainedVersionOf(src, seq);
      return v > 0 ? new CommitResult.Duplicate(v) : CommitResult.Duplicate.forgotten();
    }

    /** The version of {@code src}'s op {@code seq} in the retained log, or 0 when it is not there. */
    private long retainedVersionOf(String src, long seq) {
      Iterator<LoggedOp> back = log.descendingIterator();
      while (back.hasNext()) {
        StoredOp op = back.next().op();
        if (src.equals(op.src())) {
          if (op.seq() == seq) {
            return op.v();
          }
          if (op.seq() < seq) {
            break;
          }
        }
      }
      return 0;
    }

    private void trim(Retention retention) {
      long covered = snapshot == null ? 0 : snapshot.v();
      while (!log.isEmpty() && (log.size() > retention.ops() || logBytes > retention.bytes())
          && log.peekFirst().op().v() <= covered) {
        logBytes -= log.pollFirst().bytes();
      }
      Iterator<SourceMark> eldest = sources.values().iterator();
      while (sources.size() > retention.sources()) {
        eldest.next();
        eldest.remove();
      }
    }
  }

  /** A retained op with the size of its encoded frame, which the byte bound counts. */
  private record LoggedOp(StoredOp op, int bytes) {}

  /**
   * The last committed {@code seq} of one {@code src} on one document, its version, and the owner
   * the source is bound to (null: none yet).
   */
  private record SourceMark(long seq, long v, String owner) {
    /** Whether an op of {@code opOwner} may not use this source; an op without owner is trusted. */
    boolean foreignTo(String opOwner) {
      return owner != null && opOwner != null && !owner.equals(opOwner);
    }
  }
}
