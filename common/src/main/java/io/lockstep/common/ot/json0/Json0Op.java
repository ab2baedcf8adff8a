package io.lockstep.common.ot.json0;

import java.util.List;

/**
 * A json0 op: components applied one after the other, each seeing the document as the ones before
 * it left it. The empty op is the no-op.
 *
 * @param components in order; an immutable copy is kept
 */
public record Json0Op(List<Json0Component> components) {
  private static final Json0Op EMPTY = new Json0Op(List.of());

  public Json0Op {
    components = List.copyOf(components);
  }

  /** The no-op. */
  public static Json0Op empty() {
    return EMPTY;
  }

  /** An op of the given components. */
  public static Json0Op of(Json0Component... components) {
    return new Json0Op(List.of(components));
  }

  /** Whether the op has no components (the no-op). */
  public boolean isEmpty() {
    return components.isEmpty();
  }

  /** The number of components. */
  public int size() {
    return components.size();
  }
}
