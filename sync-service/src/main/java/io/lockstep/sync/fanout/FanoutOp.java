package io.lockstep.sync.fanout;

import io.lockstep.common.engine.ops.StoredOp;
import io.lockstep.common.engine.ops.StoredOpCodec;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * A committed op on its way to subscribers: its version and origin for ordering and acks, and
 * the {@code op} frame already encoded as UTF-8, written as is to every connection.
 */
public record FanoutOp(long v, String src, long seq, byte[] frame) {

  /** From a broker message: the op frames of one commit, as the store published them. */
  static List<FanoutOp> fromBroker(Buffer payload) {
    List<Buffer> frames = StoredOpCodec.splitFrames(payload);
    List<FanoutOp> ops = new ArrayList<>(frames.size());
    for (Buffer frame : frames) {
      JsonObject json = frame.toJsonObject();
      ops.add(new FanoutOp(json.getLong("v"), json.getString("src"), json.getLong("seq", 0L), frame.getBytes()));
    }
    return ops;
  }

  /** From an op read back from the store (filling a gap). */
  static FanoutOp of(StoredOp op) {
    return new FanoutOp(op.v(), op.src(), op.seq(), StoredOpCodec.toFrame(op).toBuffer().getBytes());
  }

  boolean from(String otherSrc, long otherSeq) {
    return src != null && src.equals(otherSrc) && seq == otherSeq;
  }
}
