package io.lockstep.sync.sequencer;

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
   * throws {@code InvalidOpException} or {@code bad_request} when the data does not fit.
   */
  public static Object created(String typeName, Object data, long v) {
    return CrdtType.NAME.equals(typeName) ? CrdtType.create(data, v) : otType(typeName).create(data);
  }

  /** {@code state} as the store and the wire hold it. */
  public static Object write(String typeName, Object state) {
    return CrdtType.NAME.equals(typeName) ? CrdtStateCodec.write((CrdtState) state) : otType(typeName).writeSnapshot(state);
  }

  /** The OT type named {@code name}; {@code bad_request} when there is none. */
  @SuppressWarnings("unchecked")
  public static OtType<Object, Object> otType(String name) {
    return (OtType<Object, Object>) OtTypes.byName(name).orElseThrow(
        () -> new LockstepException(ErrorCode.BAD_REQUEST, "unknown document type: " + name));
  }
}
