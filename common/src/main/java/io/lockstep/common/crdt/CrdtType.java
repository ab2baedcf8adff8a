package io.lockstep.common.crdt;

import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.LockstepException;
import java.util.Map;

/** The {@code crdt} document type: its wire name and how a document of it begins. */
public final class CrdtType {
  /** The type's wire name, as in {@code "type":"crdt"}. */
  public static final String NAME = "crdt";

  private CrdtType() {}

  /**
   * The state of a document created at version {@code v} with {@code data}, which must be an empty
   * object: fields come into being with their first op ({@code bad_request} otherwise).
   */
  public static CrdtState create(Object data, long v) {
    if (!(data instanceof Map<?, ?> map) || !map.isEmpty()) {
      throw new LockstepException(ErrorCode.BAD_REQUEST, "a crdt document is created with empty data: {}");
    }
    return CrdtState.empty(v);
  }

  /**
   * The plain JSON {@code value} that snapshots of a crdt document carry beside its {@code data}
   * (docs/protocol.md §6), for snapshot data at version {@code v}.
   */
  public static Map<String, Object> value(Object data, long v) {
    return CrdtStateCodec.read(data, v).value();
  }
}
