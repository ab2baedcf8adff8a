package io.lockstep.sync.sequencer;

import java.util.Objects;

/**
 * An op as a client submitted it, identified by ({@code src},{@code seq}) for de-duplication
 * ({@code src} may be null over HTTP, and then nothing de-duplicates it). A creation is an op too:
 * one made against version 0, whose change is the document's type and initial data.
 *
 * <p>{@code owner} is the submitter's token {@code sub} (null for a trusted caller: the event bus
 * API): a {@code src} belongs to the owner that first committed with it on the document, and the
 * store refuses it to anyone else, so another user cannot pass off an op as someone else's.
 */
public record SubmittedOp(String doc, String src, long seq, Change change, String owner) {

  public SubmittedOp {
    Objects.requireNonNull(doc, "doc");
    Objects.requireNonNull(change, "change");
  }

  /** What the op changes. */
  public sealed interface Change permits Edit, Create, Delete {}

  /**
   * An edit made against {@code baseV}.
   *
   * @param op the op in wire JSON, not yet parsed
   * @param bytes its encoded size, used to estimate the document's growth
   */
  public record Edit(long baseV, Object op, int bytes) implements Change {}

  /** The document's creation at version 1 with {@code type} and initial {@code data} (wire JSON). */
  public record Create(String type, Object data) implements Change {}

  /** The document's deletion, at whatever version it is (a deletion wins over concurrent edits). */
  public record Delete() implements Change {}

  /** An op of a trusted caller, without owner. */
  public SubmittedOp(String doc, String src, long seq, Change change) {
    this(doc, src, seq, change, null);
  }

  public static SubmittedOp edit(String doc, long baseV, String src, long seq, Object op, int bytes) {
    return new SubmittedOp(doc, src, seq, new Edit(baseV, op, bytes));
  }

  public static SubmittedOp create(String doc, String type, Object data, String src, long seq) {
    return new SubmittedOp(doc, src, seq, new Create(type, data));
  }

  public static SubmittedOp delete(String doc, String src, long seq) {
    return new SubmittedOp(doc, src, seq, new Delete());
  }

  /** This op submitted by {@code newOwner}, a token's {@code sub}. */
  public SubmittedOp by(String newOwner) {
    return new SubmittedOp(doc, src, seq, change, newOwner);
  }

  /** The version the op was made against: an edit's base, 0 for a creation. */
  public long baseV() {
    return change instanceof Edit edit ? edit.baseV() : 0;
  }

  /** The sequence number as stored: meaningless, and so 0, without a {@code src}. */
  long storedSeq() {
    return src == null ? 0 : seq;
  }

  /** Whether {@code other} uses this op's {@code src} for another owner (both known). */
  boolean sameSourceOtherOwner(SubmittedOp other) {
    return src != null && src.equals(other.src) && owner != null && other.owner != null && !owner.equals(other.owner);
  }

  /** Whether ({@code src}, {@code seq}) names {@code otherSrc}'s op {@code otherSeq}. */
  boolean sameAs(String otherSrc, long otherSeq) {
    return src != null && src.equals(otherSrc) && seq == otherSeq;
  }
}
