package io.lockstep.common.crdt;

/** What a CRDT field is; fixed by the first op that touches the field. */
public enum FieldKind {
  COUNTER("counter"),
  REGISTER("register"),
  SET("set");

  private final String wire;

  FieldKind(String wire) {
    this.wire = wire;
  }

  /** The name used in the state encoding ({@code "k"}). */
  public String wire() {
    return wire;
  }

  /** The kind called {@code wire}, or null when there is none. */
  static FieldKind fromWire(Object wire) {
    for (FieldKind kind : values()) {
      if (kind.wire.equals(wire)) {
        return kind;
      }
    }
    return null;
  }
}
