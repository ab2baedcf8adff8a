package io.lockstep.common.crdt;

import java.util.Objects;

/**
 * A CRDT op as committed: the version it was committed at (which identifies it and tags the set
 * adds it makes) and its author's {@code src} (which breaks register ties), with the server's
 * {@code rm} lists filled in.
 *
 * @param v the committed version, at least 1
 * @param src the author's client id, or null for a server-side edit (compared as {@code ""})
 * @param op the op
 */
public record CommittedOp(long v, String src, CrdtOp op) {
  public CommittedOp {
    if (v < 1) {
      throw new IllegalArgumentException("a committed version is at least 1, got " + v);
    }
    Objects.requireNonNull(op, "op");
  }
}
