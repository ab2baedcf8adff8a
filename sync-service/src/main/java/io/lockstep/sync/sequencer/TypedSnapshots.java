package io.lockstep.sync.sequencer;

import io.lockstep.common.crdt.CommittedOp;
import io.lockstep.common.crdt.CrdtOp;
import io.lockstep.common.crdt.CrdtOpCodec;
import io.lockstep.common.crdt.CrdtState;
import io.lockstep.common.crdt.CrdtStateCodec;
import io.lockstep.common.crdt.CrdtType;
import io.lockstep.common.ot.OtType;
import io.lockstep.common.ot.registry.OtTypes;
import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.LockstepException;

/**
 * A document's state by its type's name, in memory and as the store and the wire hold it: OT types
 * through their {@link OtType}, {@code crdt} documents through their own codec (they have no OT
 * type). One place for the sequencer and for history rebuilds, so both read and write alike.
 */
public final class TypedSnapshots {
  private TypedSnapshots() {}

  /** The state a stored snapshot at version {@code v} holds. */
  public static Object read(String typeName, Object data, long v) {
    return CrdtType.NAME.equals(typeName) ? CrdtStateCodec.read(data, v) : otType(typeName).create(data);
  }

  /**
   * The state of a document created at version {@code v} as {@code typeName} with {@code data};
   * throws {@code InvalidOpException}, or {@code bad_request} when the data does not fit or no type
   * has that name (the name comes from the caller who creates it).
   */
  public static Object created(String typeName, Object data, long v) {
    return CrdtType.NAME.equals(typeName) ? CrdtType.create(data, v) : otType(typeName, ErrorCode.BAD_REQUEST).create(data);
  }

  /** {@code state} as the store and the wire hold it. */
  public static Object write(String typeName, Object state) {
    return CrdtType.NAME.equals(typeName) ? CrdtStateCodec.write((CrdtState) state) : otType(typeName).writeSnapshot(state);
  }

  /** A committed op of a {@code typeName} document as the store holds it, parsed: an OT op, or a {@link CrdtOp}. */
  public static Object parseCommitted(String typeName, Object op) {
    return CrdtType.NAME.equals(typeName) ? CrdtOpCodec.parseCommitted(op) : otType(typeName).parseOp(op);
  }

  /** {@code state} with {@code parsed} (from {@link #parseCommitted}), committed at {@code v} by {@code src}, applied. */
  public static Object applyCommitted(String typeName, Object state, Object parsed, long v, String src) {
    return CrdtType.NAME.equals(typeName)
        ? ((CrdtState) state).apply(new CommittedOp(v, src, (CrdtOp) parsed))
        : otType(typeName).apply(state, parsed);
  }

  /**
   * The OT type of a document that exists: one the server created, so a name without a type is a
   * fault of the store ({@code internal}), not of the caller.
   */
  public static OtType<Object, Object> otType(String name) {
    return otType(name, ErrorCode.INTERNAL);
  }

  @SuppressWarnings("unchecked")
  private static OtType<Object, Object> otType(String name, ErrorCode unknown) {
    return (OtType<Object, Object>) OtTypes.byName(name).orElseThrow(
        () -> new LockstepException(unknown, "unknown document type: " + name));
  }
}
