package io.lockstep.common.engine.ops;

import java.util.Objects;

/**
 * A document's state at version {@code v}: its OT type name and its data, or no type when the
 * document does not exist at that version.
 *
 * <ul>
 *   <li>{@code v == 0 && type == null}: the document has never existed (see {@link #missing}).
 *   <li>{@code v > 0 && type == null}: the document was deleted; {@code v} is the version of the
 *       deletion (see {@link #deleted}).
 *   <li>{@code type != null}: the document exists; {@code data} is its content as plain JSON
 *       ({@code Map}/{@code List}/{@code String}/{@code Number}/{@code Boolean}/{@code null}) in the form
 *       its type uses, e.g. a {@code String} for {@code text-unicode}.
 * </ul>
 *
 * <p>{@code data} is shared, not copied: whoever builds a snapshot hands it over and must not
 * mutate it afterwards (OT types return new values instead of mutating, so this comes for free).
 *
 * @param doc the document id (validated at the edge, see {@code Ids.requireDoc})
 * @param v the version this state is at, at least 0
 * @param type the OT type name, or null when the document does not exist at {@code v}
 * @param data the content, null whenever {@code type} is null
 */
public record Snapshot(String doc, long v, String type, Object data) {
  /**
   * @throws NullPointerException when {@code doc} is null
   * @throws IllegalArgumentException when {@code v} is negative, when a type is given at version 0
   *     (no document exists before its creation at version 1), or when data is given without a type
   */
  public Snapshot {
    Objects.requireNonNull(doc, "doc");
    if (v < 0) {
      throw new IllegalArgumentException("snapshot version must be >= 0, got " + v);
    }
    if (type == null && data != null) {
      throw new IllegalArgumentException("a snapshot without a type carries no data");
    }
    if (type != null && v == 0) {
      throw new IllegalArgumentException("a document that exists is at version 1 or later");
    }
  }

  /** The snapshot of a document that has never existed: version 0, no type, no data. */
  public static Snapshot missing(String doc) {
    return new Snapshot(doc, 0, null, null);
  }

  /** The snapshot of a document deleted at version {@code v} (at least 1). */
  public static Snapshot deleted(String doc, long v) {
    if (v < 1) {
      throw new IllegalArgumentException("a deletion is at version 1 or later, got " + v);
    }
    return new Snapshot(doc, v, null, null);
  }

  /** Whether the document exists at this version (it has a type). */
  public boolean exists() {
    return type != null;
  }
}
