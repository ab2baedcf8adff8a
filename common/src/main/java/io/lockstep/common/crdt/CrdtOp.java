package io.lockstep.common.crdt;

import java.util.List;

/**
 * A CRDT op: its components in order. They apply in that order, as consecutive ops by the same
 * author made against the same version would: a later {@code set} of a register replaces an earlier
 * one, and a {@code remove} takes the element's adds made earlier in the op.
 */
public record CrdtOp(List<CrdtComponent> components) {
  public CrdtOp {
    components = List.copyOf(components);
  }
}
