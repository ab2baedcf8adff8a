package io.lockstep.common.engine.ops;

import io.lockstep.common.engine.broker.Broker;
import io.lockstep.common.engine.broker.OpTopics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
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
 * <p>Retention: the log keeps the last {@code retainOps} ops and everything after the latest stored
 * snapshot, whichever is more; an op is dropped only once a stored snapshot covers it.
 *
 * <p>Limits: everything lives on the heap and is lost when the process ends (no persistence);
 * documents are never evicted, and neither are their {@code (src, seq)} records, which grow with the
 * number of distinct clients that edited a document; a caller that never passes snapshots keeps the
 * whole log. One process only: replicas need the Redis store. Values are shared, not copied, so
 * callers must not mutate ops or snapshot data after committing them.
 */
public final class MemoryOpStore implements OpStore {
  private static final Logger LOG = LoggerFactory.getLogger(MemoryOpStore.class);

  private final Broker broker;
  private final int retainOps;
  private final ConcurrentHashMap<String, DocLog> docs = new ConcurrentHashMap<>();

  /**
   * @param vertx the Vert.x instance whose contexts use this store; the memory store needs no I/O
   *     from it and takes it only so every {@code OpStore} is built alike
   * @param broker where committed ops are published
   * @param retainOps how many recent ops to keep per document at least, at least 1
   * @throws IllegalArgumentException when {@code retainOps < 1}
   */
  public MemoryOpStore(Vertx vertx, Broker broker, int retainOps) {
    Objects.requireNonNull(vertx, "vertx");
    this.broker = Objects.requireNonNull(broker, "broker");
    if (retainOps < 1) {
      throw new IllegalArgumentException("retainOps must be >= 1, got " + retainOps);
    }
    this.retainOps = retainOps;
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
      long retained = mark != null && seq < mark.seq() ? log.retainedVersionOf(src, seq) : 0;
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
  public Future<CommitResult> commitAll(List<StoredOp> ops, Snapshot snapshotAfterLastOrNull) {
    IllegalArgumentException problem = CommitBatch.problem(ops, snapshotAfterLastOrNull);
    if (problem != null) {
      return Future.failedFuture(problem);
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
      CommitResult result = log.commitAll(ops, snapshotAfterLastOrNull, retainOps);
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
    private final ArrayDeque<StoredOp> log = new ArrayDeque<>();
    private final Map<String, SourceMark> sources = new HashMap<>();

    CommitResult commitAll(List<StoredOp> ops, Snapshot snapshotAfter, int retainOps) {
      for (StoredOp op : ops) {
        SourceMark mark = op.src() == null ? null : sources.get(op.src());
        if (mark != null && mark.foreignTo(op.owner())) {
          return new CommitResult.ForeignSource(op.src());
        }
        if (mark != null && op.seq() <= mark.seq()) {
          return op.seq() == mark.seq() ? new CommitResult.Duplicate(mark.v()) : retainedDuplicate(op.src(), op.seq());
        }
      }
      if (version != ops.get(0).v() - 1) {
        return new CommitResult.VersionConflict(version);
      }
      for (StoredOp op : ops) {
        log.addLast(op);
        version = op.v();
        if (op.src() != null) {
          SourceMark before = sources.get(op.src());
          String owner = op.owner() != null || before == null ? op.owner() : before.owner();
          sources.put(op.src(), new SourceMark(op.seq(), op.v(), owner));
        }
      }
      if (snapshotAfter != null) {
        snapshot = snapshotAfter;
      }
      trim(retainOps);
      return new CommitResult.Committed(version);
    }

    List<StoredOp> range(long from, long to) {
      // The log is contiguous and ends at the current version, so walk back only as far as needed.
      ArrayList<StoredOp> out = new ArrayList<>();
      Iterator<StoredOp> back = log.descendingIterator();
      while (back.hasNext()) {
        StoredOp op = back.next();
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
      Iterator<StoredOp> back = log.descendingIterator();
      while (back.hasNext()) {
        StoredOp op = back.next();
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

    private void trim(int retainOps) {
      long covered = snapshot == null ? 0 : snapshot.v();
      while (log.size() > retainOps && log.peekFirst().v() <= covered) {
        log.pollFirst();
      }
    }
  }

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
