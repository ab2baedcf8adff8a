package io.lockstep.common.crdt;

import java.util.List;

/** A CRDT op: its components in order, at most one per register field and per set element. */
public record CrdtOp(List<CrdtComponent> components) {
  public CrdtOp {
    components = List.copyOf(components);
  }
}
