package io.lockstep.common.engine.ops;

import java.util.Objects;

/**
 * The content of a creation op: the document's OT type and its initial data.
 *
 * @param type the OT type name ({@code "json0"}, {@code "text-unicode"}), never null
 * @param data the initial data as plain JSON in the type's form; may be null when the type accepts
 *     that (its {@code create} gives the empty document); shared, not copied, so never mutated
 */
public record Creation(String type, Object data) {
  /** @throws NullPointerException when {@code type} is null */
  public Creation {
    Objects.requireNonNull(type, "type");
  }
}
