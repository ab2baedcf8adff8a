package io.lockstep.common.engine.ops;

import java.util.Objects;

/**
 * One committed (or about to be committed) entry of a document's op log: exactly one of an edit
 * ({@code op}), a creation ({@code create}) or a deletion ({@code del}), at version {@code v}.
 *
 * <p>{@code src} and {@code seq} identify the client submission so a resubmission is recognised
 * ({@link OpStore#commit}); server-side edits without a client have {@code src == null} and
 * {@code seq == 0} and are never de-duplicated. Values are shared, not copied: the op and creation
 * data must not be mutated once handed over. The wire form is produced by {@link StoredOpCodec}.
 *
 * @param doc the document id (validated at the edge)
 * @param v the version this entry creates, at least 1
 * @param src the submitting client's id, or null for server-side edits
 * @param seq the client's sequence number, at least 1 with a {@code src}, exactly 0 without
 * @param op the edit as plain JSON in the document type's op form, or null for a creation/deletion
 * @param create the creation, or null for an edit/deletion
 * @param del whether this entry deletes the document
 * @param ts the commit time in epoch milliseconds (informational; never used for ordering)
 * @param owner the token {@code sub} of the submitter, or null (no token, or a trusted caller such as
 *     the event bus API); the store binds a {@code src} to its first owner and refuses it to any other
 *     ({@link CommitResult.ForeignSource}). Never encoded: ops read back have a null owner.
 */
public record StoredOp(String doc, long v, String src, long seq, Object op, Creation create, boolean del, long ts,
    String owner) {
  /**
   * @throws NullPointerException when {@code doc} is null
   * @throws IllegalArgumentException when {@code v < 1}, when {@code seq} does not match the presence
   *     of {@code src}, or when not exactly one of {@code op}, {@code create}, {@code del} is given
   */
  public StoredOp {
    Objects.requireNonNull(doc, "doc");
    if (v < 1) {
      throw new IllegalArgumentException("an op's version is at least 1, got " + v);
    }
    if (src == null ? seq != 0 : seq < 1) {
      throw new IllegalArgumentException(src == null
          ? "an op without src has seq 0, got " + seq
          : "an op with src has a positive seq, got " + seq);
    }
    int kinds = (op != null ? 1 : 0) + (create != null ? 1 : 0) + (del ? 1 : 0);
    if (kinds != 1) {
      throw new IllegalArgumentException("an op is exactly one of op, create or del; got " + kinds);
    }
  }

  /** An entry without an owner. */
  public StoredOp(String doc, long v, String src, long seq, Object op, Creation create, boolean del, long ts) {
    this(doc, v, src, seq, op, create, del, ts, null);
  }

  /** This entry submitted by {@code newOwner} (a token's {@code sub}, or null). */
  public StoredOp withOwner(String newOwner) {
    return new StoredOp(doc, v, src, seq, op, create, del, ts, newOwner);
  }

  /** An edit of {@code doc} at version {@code v}. */
  public static StoredOp edit(String doc, long v, String src, long seq, Object op, long ts) {
    return new StoredOp(doc, v, src, seq, Objects.requireNonNull(op, "op"), null, false, ts);
  }

  /** The creation of {@code doc} at version {@code v} (1 for a new document, later after a deletion). */
  public static StoredOp creation(String doc, long v, String src, long seq, Creation create, long ts) {
    return new StoredOp(doc, v, src, seq, null, Objects.requireNonNull(create, "create"), false, ts);
  }

  /** The deletion of {@code doc} at version {@code v}. */
  public static StoredOp deletion(String doc, long v, String src, long seq, long ts) {
    return new StoredOp(doc, v, src, seq, null, null, true, ts);
  }

  /** This entry moved to version {@code newV}, everything else unchanged (for a retried creation or deletion). */
  public StoredOp withVersion(long newV) {
    return new StoredOp(doc, newV, src, seq, op, create, del, ts, owner);
  }

  /**
   * This edit rebased: the transformed {@code newOp} at version {@code newV}, same source and time.
   *
   * @throws IllegalStateException when this entry is not an edit
   */
  public StoredOp rebased(long newV, Object newOp) {
    if (op == null) {
      throw new IllegalStateException("only an edit can be rebased");
    }
    return new StoredOp(doc, newV, src, seq, Objects.requireNonNull(newOp, "op"), null, false, ts, owner);
  }

  /** Whether this entry is an edit (carries {@code op}). */
  public boolean isEdit() {
    return op != null;
  }

  /** Whether this entry creates the document. */
  public boolean isCreation() {
    return create != null;
  }
}
