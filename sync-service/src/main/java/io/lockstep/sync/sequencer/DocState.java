package io.lockstep.sync.sequencer;

import io.lockstep.common.crdt.CrdtState;
import io.lockstep.common.crdt.CrdtType;
import io.lockstep.common.engine.ops.Snapshot;
import io.lockstep.common.engine.ops.StoredOp;
import io.lockstep.common.ot.InvalidOpException;
import io.lockstep.common.ot.OtType;
import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.LockstepException;
import io.vertx.core.json.Json;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * One document as its sequencer holds it: version, type, typed snapshot and the most recent
 * committed ops (parsed), enough to rebase incoming ops without a store round trip. Owned by one
 * sequencer and touched only on its context.
 *
 * <p>A {@code crdt} document has no OT type ({@link #type()} is null, {@link #isCrdt()} true): its
 * snapshot is a {@link CrdtState}, and its committed ops are applied as they are, never rebased.
 */
final class DocState {
  /** What an op costs besides its JSON (version, src, seq, time, owner), in the byte bound of {@link #recent}. */
  static final int OP_OVERHEAD_BYTES = 128;

  final String doc;
  private final int keepRecent;
  private final long keepBytes;
  private final ArrayDeque<RecentOp> recent = new ArrayDeque<>();
  /** The size of each op of {@link #recent}, in the same order, and their sum. */
  private final ArrayDeque<Integer> recentSizes = new ArrayDeque<>();
  private long recentBytes;
  /** Bytes of the ops committed since the latest stored snapshot, which the store cannot trim yet. */
  private long unsnapshottedBytes;
  private long heldAfter = Long.MAX_VALUE;
  private int maxHeld;
  private long v;
  private String typeName;
  private OtType<Object, Object> type;
  private Object snapshot;
  private long sizeEstimate;
  private long storedSnapshotV;

  private DocState(String doc, int keepRecent, long keepBytes) {
    this.doc = doc;
    this.keepRecent = keepRecent;
    this.keepBytes = keepBytes;
  }

  /** {@link #from(Snapshot, int, long)} keeping at most {@code keepRecent} ops, whatever their size. */
  static DocState from(Snapshot stored, int keepRecent) {
    return from(stored, keepRecent, Long.MAX_VALUE);
  }

  /**
   * The state of a document from its stored snapshot (ops after it are applied by the caller),
   * keeping at most {@code keepRecent} recent ops of at most {@code keepBytes} bytes in all.
   */
  static DocState from(Snapshot stored, int keepRecent, long keepBytes) {
    DocState state = new DocState(stored.doc(), keepRecent, keepBytes);
    state.v = stored.v();
    state.storedSnapshotV = stored.v();
    if (stored.type() != null) {
      state.typeName = stored.type();
      state.type = state.isCrdt() ? null : TypedSnapshots.otType(stored.type());
      state.snapshot = TypedSnapshots.read(stored.type(), stored.data(), stored.v());
      state.sizeEstimate = encodedSize(stored.data());
    }
    return state;
  }

  long v() {
    return v;
  }

  boolean exists() {
    return typeName != null;
  }

  /** The type's wire name, or null when the document does not exist. */
  String typeName() {
    return typeName;
  }

  /** Whether this is a {@code crdt} document (which has no OT type). */
  boolean isCrdt() {
    return CrdtType.NAME.equals(typeName);
  }

  /** The OT type; null for a {@code crdt} document or one that does not exist. */
  OtType<Object, Object> type() {
    return type;
  }

  Object snapshot() {
    return snapshot;
  }

  long storedSnapshotV() {
    return storedSnapshotV;
  }

  void snapshotStoredAt(long version) {
    storedSnapshotV = version;
    unsnapshottedBytes = 0;
  }

  /** Bytes of the ops since the latest stored snapshot (estimated as {@link #remember} counts them). */
  long unsnapshottedBytes() {
    return unsnapshottedBytes;
  }

  /** The snapshot as the store and the wire hold it. */
  Snapshot toSnapshot() {
    return new Snapshot(doc, v, typeName, typeName == null ? null : TypedSnapshots.write(typeName, snapshot));
  }

  /**
   * The committed ops after {@code base}, oldest first, from memory; {@link History.Trimmed} when
   * memory no longer reaches back that far (the caller then reads the store).
   */
  History since(long base) {
    if (base >= v) {
      return new History.Kept(List.of());
    }
    if (recent.isEmpty() || recent.peekFirst().v() > base + 1) {
      return History.TRIMMED;
    }
    List<RecentOp> out = new ArrayList<>((int) (v - base));
    Iterator<RecentOp> it = recent.descendingIterator();
    while (it.hasNext()) {
      RecentOp op = it.next();
      if (op.v() <= base) {
        break;
      }
      out.add(op);
    }
    Collections.reverse(out);
    return new History.Kept(out);
  }

  /**
   * Records an op this sequencer just committed: {@code parsed} is the rebased op and
   * {@code next} the snapshot it produced.
   */
  void advance(StoredOp committed, Object parsed, Object next, int opBytes) {
    v = committed.v();
    snapshot = next;
    sizeEstimate += opBytes;
    remember(new RecentOp(committed, parsed), opBytes);
  }

  /** Records a creation this sequencer just committed, {@code initial} being its typed snapshot. */
  void created(StoredOp creation, Object initial) {
    v = creation.v();
    typeName = creation.create().type();
    type = isCrdt() ? null : TypedSnapshots.otType(typeName);
    snapshot = initial;
    sizeEstimate = encodedSize(creation.create().data());
    remember(new RecentOp(creation, null), (int) Math.min(sizeEstimate, Integer.MAX_VALUE));
  }

  /** Applies an op that somebody else committed (read back from the store while catching up). */
  void applyCommitted(StoredOp op) {
    if (op.v() != v + 1) {
      throw new IllegalStateException("op " + op.v() + " does not follow version " + v + " of " + doc);
    }
    if (op.create() != null) {
      created(op, TypedSnapshots.created(op.create().type(), op.create().data(), op.v()));
      return;
    }
    if (op.del()) {
      v = op.v();
      type = null;
      typeName = null;
      snapshot = null;
      remember(new RecentOp(op, null), 0);
      return;
    }
    Object parsed = TypedSnapshots.parseCommitted(typeName, op.op());
    advance(op, parsed, TypedSnapshots.applyCommitted(typeName, snapshot, parsed, op.v(), op.src()), encodedSize(op.op()));
  }

  /**
   * Fails with {@code too_large} when {@code next} is past {@code maxBytes}. Exact sizes cost an
   * encode, so the running estimate (last exact size plus the size of every op since) is checked
   * first and the encode happens only when the estimate crosses the limit.
   */
  void checkSize(Object next, int opBytes, int maxBytes) {
    if (sizeEstimate + opBytes <= maxBytes) {
      return;
    }
    long exact = encodedSize(TypedSnapshots.write(typeName, next));
    if (exact > maxBytes) {
      throw new LockstepException(ErrorCode.TOO_LARGE,
          "the document would grow to " + exact + " bytes, over the limit of " + maxBytes);
    }
    sizeEstimate = exact - opBytes;
  }

  /**
   * Keeps every op after {@code version} (the oldest base of the ops waiting for this document),
   * even past {@code keepRecent} and the byte bound, but never more than {@code atMost} ops past
   * {@code keepRecent}: an op is never refused as too old because it waited in the sequencer's own
   * queue (whose bytes admission bounds). {@code Long.MAX_VALUE}: nothing waits.
   */
  void holdAfter(long version, int atMost) {
    heldAfter = version;
    maxHeld = atMost;
  }

  /** Keeps {@code op} (of {@code opBytes} JSON bytes), dropping the oldest past either bound (never the newest nor a held one). */
  private void remember(RecentOp op, int opBytes) {
    int size = opBytes + OP_OVERHEAD_BYTES;
    recent.addLast(op);
    recentSizes.addLast(size);
    recentBytes += size;
    unsnapshottedBytes += size;
    while (recent.size() > 1 && overBounds()
        && (recent.peekFirst().v() <= heldAfter || recent.size() > keepRecent + maxHeld)) {
      recent.removeFirst();
      recentBytes -= recentSizes.removeFirst();
    }
  }

  /** Whether the kept history holds an op of {@code src} with a seq of at least {@code seq}, newest first. */
  boolean committedFrom(String src, long seq) {
    var newestFirst = recent.descendingIterator();
    while (newestFirst.hasNext()) {
      StoredOp stored = newestFirst.next().stored();
      if (src.equals(stored.src()) && stored.seq() >= seq) {
        return true;
      }
    }
    return false;
  }

  private boolean overBounds() {
    return recent.size() > keepRecent || recentBytes > keepBytes;
  }

  static int encodedSize(Object json) {
    try {
      return Json.encodeToBuffer(json).length();
    } catch (RuntimeException e) {
      throw new InvalidOpException("value is not JSON: " + e.getMessage());
    }
  }
}
