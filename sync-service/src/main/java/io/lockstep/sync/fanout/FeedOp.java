package io.lockstep.sync.fanout;

import io.lockstep.common.engine.ops.StoredOp;
import io.lockstep.common.engine.ops.StoredOpCodec;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * A committed op on its way to subscribers: its version and origin for ordering and acks, and
 * the {@code op} frame already encoded as UTF-8, written as is to every connection.
 */
public record FeedOp(long v, String src, long seq, byte[] frame) {

  /** From a broker message (the op frame the store published). */
  static FeedOp fromBroker(Buffer payload) {
    JsonObject json = payload.toJsonObject();
    return new FeedOp(json.getLong("v"), json.getString("src"), json.getLong("seq", 0L), payload.getBytes());
  }

  /** From an op read back from the store (filling a gap). */
  static FeedOp of(StoredOp op) {
    return new FeedOp(op.v(), op.src(), op.seq(), StoredOpCodec.toFrame(op).toBuffer().getBytes());
  }

  boolean from(String otherSrc, long otherSeq) {
    return src != null && src.equals(otherSrc) && seq == otherSeq;
  }
}
