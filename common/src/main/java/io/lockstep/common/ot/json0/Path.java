package io.lockstep.common.ot.json0;

import io.lockstep.common.ot.InvalidOpException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a json0 component acts: a list of object keys ({@code String}) and list indexes or string
 * offsets (non-negative {@code Integer}). The empty path is the document root. An object key is
 * always a string, even {@code "0"}; an index is always a number.
 *
 * @param elements the keys and indexes from the root down; validated on construction
 */
public record Path(List<Object> elements) {
  private static final Path ROOT = new Path(List.of());

  /** @throws InvalidOpException when an element is neither a string nor a non-negative integer */
  public Path {
    elements = List.copyOf(elements);
    for (Object e : elements) {
      if (e instanceof Integer i ? i < 0 : !(e instanceof String)) {
        throw new InvalidOpException("path elements must be strings or non-negative integers, got " + e);
      }
    }
  }

  /** The document root, {@code []}. */
  public static Path root() {
    return ROOT;
  }

  /** A path made of the given keys and indexes. */
  public static Path of(Object... elements) {
    return new Path(List.of(elements));
  }

  /** The number of elements; 0 for the root. */
  public int size() {
    return elements.size();
  }

  /** Whether this is the document root, {@code []}. */
  public boolean isRoot() {
    return elements.isEmpty();
  }

  /** The element at {@code i}; {@code i} must be in range. */
  public Object get(int i) {
    return elements.get(i);
  }

  /**
   * The element at {@code i}, or {@code null} when {@code i} is outside the path. Transform compares
   * elements at depths that one of the two paths may not reach (the reference reads JavaScript's
   * {@code undefined} there, and two missing elements compare equal).
   */
  public Object at(int i) {
    return i >= 0 && i < elements.size() ? elements.get(i) : null;
  }

  /** The last element; the path must not be the root. */
  public Object last() {
    return elements.get(elements.size() - 1);
  }

  /** The path without its last element; the path must not be the root. */
  public Path parent() {
    return new Path(elements.subList(0, elements.size() - 1));
  }

  /** This path followed by {@code element}. */
  public Path child(Object element) {
    List<Object> longer = new ArrayList<>(elements);
    longer.add(element);
    return new Path(longer);
  }

  /** This path with the element at {@code i} replaced by {@code element}. */
  public Path with(int i, Object element) {
    List<Object> changed = new ArrayList<>(elements);
    changed.set(i, element);
    return new Path(changed);
  }

  /** This path without its first {@code n} elements. */
  public Path drop(int n) {
    return new Path(elements.subList(Math.min(n, elements.size()), elements.size()));
  }

  @Override
  public String toString() {
    return elements.toString();
  }
}
