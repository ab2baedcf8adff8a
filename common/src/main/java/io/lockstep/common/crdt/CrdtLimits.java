package io.lockstep.common.crdt;

/**
 * Bounds on one CRDT document, so that no client can grow a document (or a set element, or a
 * register value) without limit. Past any of them an op is refused with {@code too_large}.
 *
 * @param maxFields fields one document may hold
 * @param maxSetElements elements one set field may hold
 * @param maxValueBytes UTF-8 size of one register value or set element, as canonical JSON text
 * @param maxFieldNameBytes UTF-8 size of one field name
 * @param clockAheadMs how far a register's {@code t} may be ahead of the server's clock; a later
 *     {@code t} is lowered to the server's clock plus this, so a device whose clock runs far ahead
 *     wins for at most this long
 */
public record CrdtLimits(int maxFields, int maxSetElements, int maxValueBytes, int maxFieldNameBytes, long clockAheadMs) {

  public static final CrdtLimits DEFAULTS = new CrdtLimits(1_000, 10_000, 16 * 1024, 256, 10_000);

  public CrdtLimits {
    if (maxFields <= 0 || maxSetElements <= 0 || maxValueBytes <= 0 || maxFieldNameBytes <= 0 || clockAheadMs < 0) {
      throw new IllegalArgumentException("CRDT limits must be positive (clockAheadMs at least 0)");
    }
  }
}
