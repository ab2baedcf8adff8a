package io.lockstep.common.engine.ops;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The argument checks of {@link OpStore#commitAll}, shared by every implementation. */
final class CommitBatch {
  private CommitBatch() {}

  /** What is wrong with the batch, if anything: empty when it may be committed. */
  static Optional<IllegalArgumentException> problem(List<StoredOp> ops, Optional<Snapshot> snapshotAfterLast) {
    Objects.requireNonNull(ops, "ops");
    Objects.requireNonNull(snapshotAfterLast, "snapshotAfterLast");
    if (ops.isEmpty()) {
      return Optional.of(new IllegalArgumentException("a commit needs at least one op"));
    }
    StoredOp first = ops.get(0);
    Map<String, Long> lastSeq = new HashMap<>();
    for (int i = 0; i < ops.size(); i++) {
      StoredOp op = Objects.requireNonNull(ops.get(i), "op");
      if (!op.doc().equals(first.doc()) || op.v() != first.v() + i) {
        return Optional.of(new IllegalArgumentException("a batch holds consecutive versions of one document; op "
            + i + " is " + op.doc() + "@" + op.v() + " after " + first.doc() + "@" + first.v()));
      }
      if (op.src() != null) {
        Long before = lastSeq.put(op.src(), op.seq());
        if (before != null && before >= op.seq()) {
          return Optional.of(
              new IllegalArgumentException("ops of source " + op.src() + " must have increasing seq in a batch"));
        }
      }
    }
    StoredOp last = ops.get(ops.size() - 1);
    if (snapshotAfterLast.isPresent()) {
      Snapshot snapshot = snapshotAfterLast.get();
      if (!snapshot.doc().equals(last.doc()) || snapshot.v() != last.v()) {
        return Optional.of(new IllegalArgumentException("the snapshot after op " + last.doc() + "@" + last.v()
            + " must be of that document and version, got " + snapshot.doc() + "@" + snapshot.v()));
      }
    }
    return Optional.empty();
  }
}
