package io.lockstep.common.crdt;

import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/** The state of one field of a CRDT document. Immutable. */
public sealed interface FieldState {
  FieldKind kind();

  /** The field's plain JSON view. */
  Object value();

  /** A PN counter: the sum of every committed increment. */
  record Counter(long n) implements FieldState {
    @Override
    public FieldKind kind() {
      return FieldKind.COUNTER;
    }

    @Override
    public Object value() {
      return n;
    }
  }

  /**
   * A last-writer-wins register: the assignment with the greatest {@code (t, src, v)}.
   *
   * @param src the writer's id, null for a server-side edit (ordered as {@code ""})
   * @param v the version that committed the assignment (breaks a tie of one writer within one ms)
   */
  record Register(Object value, long t, String src, long v) implements FieldState {
    @Override
    public FieldKind kind() {
      return FieldKind.REGISTER;
    }

    /** Whether this assignment wins over {@code other}. */
    boolean beats(Register other) {
      if (t != other.t) {
        return t > other.t;
      }
      int bySrc = orderedSrc(src).compareTo(orderedSrc(other.src));
      return bySrc != 0 ? bySrc > 0 : v > other.v;
    }

    private static String orderedSrc(String src) {
      return src == null ? "" : src;
    }
  }

  /**
   * An add-wins observed-remove set: each element with the adds that keep it in the set.
   *
   * @param elements by canonical JSON text (see {@link CanonicalJson#text}), which is also the view's order
   */
  record ElementSet(NavigableMap<String, Element> elements) implements FieldState {
    public ElementSet {
      elements = Collections.unmodifiableNavigableMap(new TreeMap<>(elements));
    }

    @Override
    public FieldKind kind() {
      return FieldKind.SET;
    }

    @Override
    public Object value() {
      return elements.values().stream().map(Element::value).toList();
    }
  }

  /**
   * A set element and the committed adds that keep it, oldest first (never empty).
   *
   * @param value the element as frozen JSON
   */
  record Element(Object value, List<AddTag> adds) {
    public Element {
      adds = List.copyOf(adds);
    }
  }

  /** A committed add of a set element: its version and its author ({@code null} for a server-side edit). */
  record AddTag(long v, String src) {}
}
