package io.lockstep.common.engine.ops;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/**
 * Versioned storage of documents: per document, a version, an op log (the most recent ops) and the
 * latest stored snapshot, with one atomic "commit at version v only if the document is at v - 1".
 * Implementations: {@link MemoryOpStore} (one process) and a Redis store (shared by replicas); both
 * pass {@code OpStoreContract}.
 *
 * <p>Versions: a document that has never existed is at version 0; its creation is version 1 and
 * every committed op (edit, creation after a deletion, deletion) adds one. Versions have no gaps.
 *
 * <p>Snapshots are written by the caller, not computed by the store: the caller passes one with a
 * commit every N ops and with every creation and deletion. The stored snapshot may therefore be
 * older than the latest op; a reader takes {@link #snapshot} and applies {@link #opsSince} it.
 *
 * <p>Retention ({@link Retention}, a setting of the implementation): the log keeps the last ops of
 * each document up to {@code ops} ops and {@code bytes} bytes of encoded frames, and never drops an
 * op newer than the latest stored snapshot, so "snapshot, then the ops after it" always reaches the
 * current version. Older ops are trimmed. Per document at most {@code sources} {@code (src, seq)}
 * records are kept; past that the least recently committed source's record is dropped.
 *
 * <p>Threading and failures: every method may be called from any Vert.x context; the returned future
 * may already be complete (memory) or complete later on the caller's context (Redis). Normal outcomes
 * are values ({@link CommitResult}); a future fails only for bad arguments
 * ({@code IllegalArgumentException}, {@code NullPointerException}) or an unreachable store
 * ({@code LockstepException} with {@code unavailable}). After a failed commit the op may or may not
 * have been committed; a resubmission with the same {@code (src, seq)} resolves it.
 */
public interface OpStore {

  /**
   * The latest stored snapshot of {@code doc}; may be older than the latest op (see the class
   * comment). Never fails for a missing document: returns {@link Snapshot#missing} (version 0, no
   * type). A deleted document is a snapshot with no type at the version of its deletion (once the
   * caller stored that snapshot).
   */
  Future<Snapshot> snapshot(String doc);

  /** The current version of {@code doc}: the version of its last committed op, 0 when it has none. */
  Future<Long> version(String doc);

  /**
   * The retained ops of {@code doc} with {@code from < v <= to}, in version order, without gaps. Use
   * {@code to = Long.MAX_VALUE} for "up to the current version"; {@code to <= from} gives an empty
   * list. When the log was trimmed after {@code from}, only the retained suffix is returned: the caller
   * checks whether the first op's version is {@code from + 1} and otherwise starts from a snapshot.
   *
   * @param from exclusive lower bound, at least 0 (the future fails with
   *     {@code IllegalArgumentException} otherwise)
   * @param to inclusive upper bound
   */
  Future<List<StoredOp>> ops(String doc, long from, long to);

  /**
   * Atomically commits {@code op} as version {@code op.v()} of {@code op.doc()}. In this order:
   *
   * <ol>
   *   <li><b>De-duplication.</b> When {@code op.src()} is not null and this document already
   *       committed an op of that {@code src} with the same or a higher {@code seq}, nothing is
   *       written and the result is {@link CommitResult.Duplicate}: for the same {@code seq} the version
   *       it was committed as; for a lower {@code seq} the version of that op found in the retained log,
   *       or {@link CommitResult.Duplicate#forgotten()} (no version) when it is no longer retained (or was never
   *       committed: a seq below the last committed one can never be committed any more, since a
   *       client's ops on a document commit in {@code seq} order). The store keeps, per (document,
   *       {@code src}), the last committed {@code seq} and its version, for the
   *       {@code Retention.sources} most recently committed sources; for a source without a record,
   *       an op still in the retained log is recognised all the same. A source whose record was
   *       dropped and whose op left the log is new to the store, and so is its op: an OT caller
   *       refuses it for its base, older than the retained history; a crdt op is committed
   *       (docs/protocol.md §6 says what that trades). Ops without {@code src} are never de-duplicated.
   *   <li><b>Version check.</b> When the document's current version is not {@code op.v() - 1},
   *       nothing is written and the result is {@link CommitResult.VersionConflict} with the current
   *       version (lower or higher than expected).
   *   <li><b>Append.</b> The op becomes version {@code op.v()}; {@code snapshotAfter}, when
   *       present, becomes the stored snapshot; the (document, {@code src}) record is updated; the log is
   *       trimmed; and the op frame ({@link StoredOpCodec#encode}, encoded once) is published on
   *       {@code OpTopics.forDoc(doc)}, so publish order equals commit order. The result is
   *       {@link CommitResult.Committed}. A failed publish does not undo the commit (the broker is
   *       at-most-once; subscribers fill gaps from the store).
   * </ol>
   *
   * <p>The store does not interpret ops: whether a creation targets a missing or deleted document,
   * or an edit an existing one, is the caller's check against the state at {@code op.v() - 1}, which
   * the version check makes safe.
   *
   * @param snapshotAfter the document's state after {@code op} to store, or empty; when present its
   *     {@code doc} and {@code v} must equal the op's (the future fails with
   *     {@code IllegalArgumentException} otherwise)
   */
  default Future<CommitResult> commit(StoredOp op, Optional<Snapshot> snapshotAfter) {
    return commitAll(List.of(op), snapshotAfter);
  }

  /**
   * Atomically commits several consecutive ops of one document, all or none: the batch a busy
   * document's sequencer has queued, in one store round trip. Each op is checked for
   * de-duplication as {@link #commit} does, against what was committed before the batch; then the
   * first op's version is checked. When any op is a duplicate nothing is written and the result is
   * the {@link CommitResult.Duplicate} of the first such op; when the version does not fit nothing
   * is written and the result is {@link CommitResult.VersionConflict}. Otherwise every op is
   * appended, the snapshot (when given) is stored, the ops are published as ONE message (their
   * frames in version order joined by newlines, {@link StoredOpCodec#joinFrames}; subscribers split
   * it with {@link StoredOpCodec#splitFrames}), and the result is {@link CommitResult.Committed}
   * with the last op's version.
   *
   * @param ops at least one op, all of one document, with consecutive versions, and with strictly
   *     increasing {@code seq} for ops of the same {@code src} (the future fails with
   *     {@code IllegalArgumentException} otherwise)
   * @param snapshotAfterLast the document's state after the last op to store, or empty; when
   *     present its {@code doc} and {@code v} must equal the last op's
   */
  Future<CommitResult> commitAll(List<StoredOp> ops, Optional<Snapshot> snapshotAfterLast);

  /** {@link #ops} of {@code doc} from {@code from} (exclusive) to the current version. */
  default Future<List<StoredOp>> opsSince(String doc, long from) {
    return ops(doc, from, Long.MAX_VALUE);
  }

  /**
   * The version at which ({@code src}, {@code seq}) was committed to {@code doc}, if this store
   * can still tell; empty when it was not committed or its version is no longer known. Lets a
   * resubmission be recognised after the ops around it were trimmed. The default looks through
   * the retained ops; implementations that record each source's last commit answer from that too.
   */
  default Future<Optional<Long>> committedVersion(String doc, String src, long seq) {
    return opsSince(doc, 0).map(ops -> ops.stream()
        .filter(op -> src.equals(op.src()) && op.seq() == seq)
        .map(StoredOp::v)
        .findFirst());
  }

  /** {@link #commit} without a snapshot. */
  default Future<CommitResult> commit(StoredOp op) {
    return commit(op, Optional.empty());
  }
}
