package io.lockstep.common.crdt;

import java.util.List;

/**
 * One component of a CRDT op: an instruction for one top-level field. Values are frozen plain JSON
 * (see {@link CanonicalJson#freeze}). The {@code rm} lists of {@link Add} and {@link Remove} are filled
 * in by the server when it commits the op (see {@link CrdtCommit}); in a submitted op they are empty.
 */
public sealed interface CrdtComponent {
  /** The field this component changes. */
  String field();

  /** The kind of field this component works on. */
  FieldKind kind();

  /** {@code {"p":[field],"inc":n}}: adds {@code amount} to a counter. */
  record Inc(String field, long amount) implements CrdtComponent {
    @Override
    public FieldKind kind() {
      return FieldKind.COUNTER;
    }
  }

  /**
   * {@code {"p":[field],"set":value,"t":ms}}: assigns a last-writer-wins register.
   *
   * @param t the writer's clock in epoch ms, or null when the submitter left it to the server
   */
  record Assign(String field, Object value, Long t) implements CrdtComponent {
    @Override
    public FieldKind kind() {
      return FieldKind.REGISTER;
    }
  }

  /**
   * {@code {"p":[field],"add":element,"rm":[…]}}: adds an element to a set.
   *
   * @param key the element's canonical JSON text, which identifies it
   * @param rm versions of this element's earlier adds by the same author that this add replaces
   *     (committed ops only; they stay in the set as this add)
   */
  record Add(String field, Object element, String key, List<Long> rm) implements CrdtComponent {
    public Add {
      rm = List.copyOf(rm);
    }

    @Override
    public FieldKind kind() {
      return FieldKind.SET;
    }
  }

  /**
   * {@code {"p":[field],"remove":element,"rm":[…]}}: removes the adds of an element that the op's
   * author had seen.
   *
   * @param rm versions of the adds this remove takes away (committed ops only)
   */
  record Remove(String field, Object element, String key, List<Long> rm) implements CrdtComponent {
    public Remove {
      rm = List.copyOf(rm);
    }

    @Override
    public FieldKind kind() {
      return FieldKind.SET;
    }
  }
}
