package io.lockstep.common.ot.rope;

import java.util.Objects;

/**
 * Immutable text whose edits cost O(log n) instead of O(n): a balanced tree of chunks (see
 * {@link RopeTree}). Every edit returns a new rope that shares all untouched chunks with this one,
 * so old versions stay valid, as OT snapshots must. Indexed both by UTF-16 unit (json0 string
 * offsets, Java's {@code String} indexes) and by code point (text-unicode), each in O(log n).
 *
 * <p>Written here rather than taken from a library: no maintained Java library offers a persistent
 * rope indexed by both UTF-16 unit and code point (see docs/benchmarks.md, "Text documents").
 *
 * <p>Equality is by content. {@link #toString()} flattens once per version and keeps the string,
 * because a server asks for the same version's text several times (snapshot store, fetches).
 */
public final class Rope implements CharSequence {
  /** The empty text. */
  public static final Rope EMPTY = new Rope(RopeTree.EMPTY);

  private final RopeNode root;
  private String flat;

  private Rope(RopeNode root) {
    this.root = root;
  }

  /** A rope holding {@code text}. */
  public static Rope of(String text) {
    return new Rope(RopeTree.build(Objects.requireNonNull(text, "text")));
  }

  /** The length in UTF-16 units. */
  @Override
  public int length() {
    return root.chars;
  }

  /** The length in code points (a lone surrogate counts one, as in {@link String#codePointCount}). */
  public int codePointCount() {
    return root.codePoints;
  }

  @Override
  public char charAt(int index) {
    Objects.checkIndex(index, root.chars);
    return RopeTree.charAt(root, index);
  }

  @Override
  public String subSequence(int start, int end) {
    return substring(start, end);
  }

  /** UTF-16 units {@code [start, end)}, in O(log n + end - start). */
  public String substring(int start, int end) {
    Objects.checkFromToIndex(start, end, root.chars);
    if (flat != null) {
      return flat.substring(start, end);
    }
    StringBuilder out = new StringBuilder(end - start);
    if (end > start) {
      RopeTree.appendTo(root, start, end, out);
    }
    return out.toString();
  }

  /**
   * The UTF-16 index where the code point at {@code codePoint} starts; {@link #length()} for
   * {@link #codePointCount()}. Meant for ropes edited at code point boundaries only (see
   * {@link RopeTree#charIndex}).
   */
  public int charIndex(int codePoint) {
    Objects.checkIndex(codePoint, root.codePoints + 1);
    return RopeTree.charIndex(root, codePoint);
  }

  /** This text with {@code text} inserted before UTF-16 index {@code at}. */
  public Rope insert(int at, String text) {
    Objects.checkIndex(at, root.chars + 1);
    return text.isEmpty() ? this : new Rope(RopeTree.insert(root, at, text, false));
  }

  /**
   * This text with {@code text} inserted before code point {@code codePoint}: what
   * {@code insert(charIndex(codePoint), text)} gives, in one walk down the tree instead of two.
   * For ropes edited at code point boundaries only (see {@link RopeTree#charIndex}).
   */
  public Rope insertAtCodePoint(int codePoint, String text) {
    Objects.checkIndex(codePoint, root.codePoints + 1);
    return text.isEmpty() ? this : new Rope(RopeTree.insert(root, codePoint, text, true));
  }

  /** This text without UTF-16 units {@code [from, to)}. */
  public Rope delete(int from, int to) {
    Objects.checkFromToIndex(from, to, root.chars);
    return from == to ? this : new Rope(RopeTree.delete(root, from, to, false));
  }

  /**
   * This text without code points {@code [from, to)}: what {@code delete(charIndex(from),
   * charIndex(to))} gives, in one walk down the tree when the range lies in one leaf. For ropes
   * edited at code point boundaries only (see {@link RopeTree#charIndex}).
   */
  public Rope deleteCodePoints(int from, int to) {
    Objects.checkFromToIndex(from, to, root.codePoints);
    return from == to ? this : new Rope(RopeTree.delete(root, from, to, true));
  }

  /** The whole text (built once, then cached). */
  @Override
  public String toString() {
    String s = flat;
    if (s == null) {
      StringBuilder out = new StringBuilder(root.chars);
      RopeTree.appendTo(root, 0, root.chars, out);
      s = out.toString();
      flat = s;
    }
    return s;
  }

  @Override
  public boolean equals(Object o) {
    return o == this || o instanceof Rope other && other.length() == length() && other.toString().equals(toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }

  RopeNode root() {
    return root;
  }
}
