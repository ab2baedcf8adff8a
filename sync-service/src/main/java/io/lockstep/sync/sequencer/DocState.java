package io.lockstep.sync.sequencer;

import io.lockstep.common.engine.ops.Snapshot;
import io.lockstep.common.engine.ops.StoredOp;
import io.lockstep.common.ot.InvalidOpException;
import io.lockstep.common.ot.OtType;
import io.lockstep.common.ot.OtTypes;
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
 */
final class DocState {
  final String doc;
  private final int keepRecent;
  private final ArrayDeque<RecentOp> recent = new ArrayDeque<>();
  private long v;
  private String typeName;
  private OtType<Object, Object> type;
  private Object snapshot;
  private long sizeEstimate;
  private long storedSnapshotV;

  private DocState(String doc, int keepRecent) {
    this.doc = doc;
    this.keepRecent = keepRecent;
  }

  /** The state of a document from its stored snapshot (ops after it are applied by the caller). */
  static DocState from(Snapshot stored, int keepRecent) {
    DocState state = new DocState(stored.doc(), keepRecent);
    state.v = stored.v();
    state.storedSnapshotV = stored.v();
    if (stored.type() != null) {
      state.typeName = stored.type();
      state.type = typeNamed(stored.type());
      state.snapshot = state.type.create(stored.data());
      state.sizeEstimate = encodedSize(stored.data());
    }
    return state;
  }

  long v() {
    return v;
  }

  boolean exists() {
    return type != null;
  }

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
  }

  /** The snapshot as the store and the wire hold it. */
  Snapshot toSnapshot() {
    return new Snapshot(doc, v, typeName, type == null ? null : type.writeSnapshot(snapshot));
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
    remember(new RecentOp(committed, parsed));
  }

  /** Records a creation this sequencer just committed. */
  void created(StoredOp creation, OtType<Object, Object> createdType, Object initial) {
    v = creation.v();
    typeName = createdType.name();
    type = createdType;
    snapshot = initial;
    sizeEstimate = encodedSize(creation.create().data());
    remember(new RecentOp(creation, null));
  }

  /** Applies an op that somebody else committed (read back from the store while catching up). */
  void applyCommitted(StoredOp op) {
    if (op.v() != v + 1) {
      throw new IllegalStateException("op " + op.v() + " does not follow version " + v + " of " + doc);
    }
    if (op.create() != null) {
      created(op, typeNamed(op.create().type()), typeNamed(op.create().type()).create(op.create().data()));
      return;
    }
    if (op.del()) {
      v = op.v();
      type = null;
      typeName = null;
      snapshot = null;
      remember(new RecentOp(op, null));
      return;
    }
    Object parsed = type.parseOp(op.op());
    advance(op, parsed, type.apply(snapshot, parsed), encodedSize(op.op()));
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
    long exact = encodedSize(type.writeSnapshot(next));
    if (exact > maxBytes) {
      throw new LockstepException(ErrorCode.TOO_LARGE,
          "the document would grow to " + exact + " bytes, over the limit of " + maxBytes);
    }
    sizeEstimate = exact - opBytes;
  }

  private void remember(RecentOp op) {
    recent.addLast(op);
    while (recent.size() > keepRecent) {
      recent.removeFirst();
    }
  }

  @SuppressWarnings("unchecked")
  static OtType<Object, Object> typeNamed(String name) {
    return (OtType<Object, Object>) OtTypes.byName(name).orElseThrow(
        () -> new LockstepException(ErrorCode.BAD_REQUEST, "unknown document type: " + name));
  }

  static int encodedSize(Object json) {
    try {
      return Json.encodeToBuffer(json).length();
    } catch (RuntimeException e) {
      throw new InvalidOpException("value is not JSON: " + e.getMessage());
    }
  }
}
