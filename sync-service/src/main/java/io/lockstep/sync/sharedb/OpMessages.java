package io.lockstep.sync.sharedb;

import io.lockstep.common.engine.ops.StoredOp;
import io.lockstep.common.engine.ops.StoredOpCodec;
import io.lockstep.sync.fanout.FanoutOp;
import io.vertx.core.buffer.Buffer;

/**
 * Encodes live ops as ShareDB op messages once per event loop: a document's fan-out hands the same
 * {@link FanoutOp} to each of its subscribers in turn, so the last encoding is reused for all of
 * them instead of re-encoding the op per connection. Owned by one event loop.
 */
final class OpMessages {
  private FanoutOp lastOp;
  private DocName lastName;
  private byte[] lastMessage;

  /** The op message, or null for a creation of a type ShareDB clients cannot load (a crdt document). */
  byte[] encode(DocName name, FanoutOp op) {
    if (op != lastOp || !name.equals(lastName)) {
      StoredOp stored = StoredOpCodec.decode(Buffer.buffer(op.frame()));
      boolean openable = stored.create() == null || ShareDbTypes.openable(stored.create().type());
      lastMessage = openable ? ShareDbReplies.op(name, stored).toBuffer().getBytes() : null;
      lastOp = op;
      lastName = name;
    }
    return lastMessage;
  }
}
