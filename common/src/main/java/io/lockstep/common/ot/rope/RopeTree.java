package io.lockstep.common.ot.rope;

import java.util.ArrayList;
import java.util.List;

/**
 * The algorithms over {@link RopeNode}s: build, concatenate, insert, delete, read. Every edit
 * copies only the path from the root to the leaves it changes, so its cost grows with the tree's
 * height (logarithmic in the text's length) plus the size of one leaf, never with the text.
 *
 * <p>Balance: {@link #concat} is the AVL join (descend the taller tree's spine to the other's
 * height, join there, rotate on the way back up), and every edit rebuilds its path with it, so
 * heights of siblings never differ by more than one.
 *
 * <p>Leaves: an insert goes into the leaf it lands in, which is split into halves only when it
 * would pass {@link #MAX_LEAF}; two leaves that meet in a join are merged when they fit in one.
 * So keystrokes do not fragment the tree, and a leaf is never split inside a surrogate pair.
 */
final class RopeTree {
  /** Largest leaf, in UTF-16 units: small enough that copying one costs about as much as a few tree levels. */
  static final int MAX_LEAF = 1024;
  static final Leaf EMPTY = new Leaf("", 0);

  private RopeTree() {}

  /** A balanced tree holding {@code s}: equal chunks of at most {@link #MAX_LEAF} units. */
  static RopeNode build(String s) {
    if (s.length() <= MAX_LEAF) {
      return s.isEmpty() ? EMPTY : new Leaf(s);
    }
    // Chunks of at most MAX_LEAF - 1, so that moving a cut off a surrogate pair keeps every chunk within MAX_LEAF.
    int pieces = (s.length() + MAX_LEAF - 2) / (MAX_LEAF - 1);
    List<Leaf> leaves = new ArrayList<>(pieces);
    int start = 0;
    for (int i = 1; i <= pieces; i++) {
      int end = (int) ((long) s.length() * i / pieces);
      if (Utf16.cutsPair(s, end)) {
        end--;
      }
      leaves.add(new Leaf(s.substring(start, end)));
      start = end;
    }
    return balanced(leaves, 0, leaves.size());
  }

  private static RopeNode balanced(List<Leaf> leaves, int from, int to) {
    if (to - from == 1) {
      return leaves.get(from);
    }
    int mid = (from + to) >>> 1;
    return new Branch(balanced(leaves, from, mid), balanced(leaves, mid, to));
  }

  /** {@code left}'s text followed by {@code right}'s, balanced. */
  static RopeNode concat(RopeNode left, RopeNode right) {
    if (left.chars == 0) {
      return right;
    }
    if (right.chars == 0) {
      return left;
    }
    if (left.height > right.height + 1) {
      Branch l = (Branch) left;
      return balance(l.left, concat(l.right, right));
    }
    if (right.height > left.height + 1) {
      Branch r = (Branch) right;
      return balance(concat(left, r.left), r.right);
    }
    if (left instanceof Leaf a && right instanceof Leaf b && a.chars + b.chars <= MAX_LEAF) {
      return new Leaf(a.text.concat(b.text), a.codePoints + b.codePoints - (Utf16.formPair(a.last, b.first) ? 1 : 0));
    }
    return new Branch(left, right);
  }

  /** A branch over two AVL trees whose heights differ by at most two, rotated back into balance. */
  private static RopeNode balance(RopeNode a, RopeNode b) {
    if (a.height > b.height + 1) {
      Branch x = (Branch) a;
      if (x.left.height >= x.right.height) {
        return new Branch(x.left, new Branch(x.right, b));
      }
      Branch y = (Branch) x.right;
      return new Branch(new Branch(x.left, y.left), new Branch(y.right, b));
    }
    if (b.height > a.height + 1) {
      Branch x = (Branch) b;
      if (x.right.height >= x.left.height) {
        return new Branch(new Branch(a, x.left), x.right);
      }
      Branch y = (Branch) x.left;
      return new Branch(new Branch(a, y.left), new Branch(y.right, x.right));
    }
    return new Branch(a, b);
  }

  /** {@code node} with {@code text} inserted before UTF-16 index {@code at} (0 <= at <= chars). */
  static RopeNode insert(RopeNode node, int at, String text) {
    if (node instanceof Branch b) {
      int split = b.left.chars;
      return at <= split
          ? concat(insert(b.left, at, text), b.right)
          : concat(b.left, insert(b.right, at - split, text));
    }
    Leaf leaf = (Leaf) node;
    String old = leaf.text;
    String joined = new StringBuilder(old.length() + text.length())
        .append(old, 0, at).append(text).append(old, at, old.length()).toString();
    if (joined.length() > MAX_LEAF) {
      return build(joined);
    }
    int codePoints = leaf.codePoints + (Utf16.cutsPair(old, at) ? 1 : 0)
        + text.codePointCount(0, text.length())
        - (at > 0 && Utf16.formPair(old.charAt(at - 1), text.charAt(0)) ? 1 : 0)
        - (at < old.length() && Utf16.formPair(text.charAt(text.length() - 1), old.charAt(at)) ? 1 : 0);
    return new Leaf(joined, codePoints);
  }

  /** {@code node} without UTF-16 units {@code [from, to)} (0 <= from < to <= chars). */
  static RopeNode delete(RopeNode node, int from, int to) {
    if (from == 0 && to == node.chars) {
      return EMPTY;
    }
    if (node instanceof Branch b) {
      int split = b.left.chars;
      if (to <= split) {
        return concat(delete(b.left, from, to), b.right);
      }
      if (from >= split) {
        return concat(b.left, delete(b.right, from - split, to - split));
      }
      return concat(delete(b.left, from, split), delete(b.right, 0, to - split));
    }
    String old = ((Leaf) node).text;
    String kept = new StringBuilder(old.length() - (to - from)).append(old, 0, from).append(old, to, old.length()).toString();
    int codePoints = node.codePoints + (Utf16.cutsPair(old, from) ? 1 : 0) + (Utf16.cutsPair(old, to) ? 1 : 0)
        - old.codePointCount(from, to)
        - (from > 0 && to < old.length() && Utf16.formPair(old.charAt(from - 1), old.charAt(to)) ? 1 : 0);
    return new Leaf(kept, codePoints);
  }

  /** Appends UTF-16 units {@code [from, to)} of {@code node} to {@code out}. */
  static void appendTo(RopeNode node, int from, int to, StringBuilder out) {
    if (node instanceof Branch b) {
      int split = b.left.chars;
      if (from < split) {
        appendTo(b.left, from, Math.min(to, split), out);
      }
      if (to > split) {
        appendTo(b.right, Math.max(0, from - split), to - split, out);
      }
      return;
    }
    out.append(((Leaf) node).text, from, to);
  }

  /** The UTF-16 unit at {@code index}. */
  static char charAt(RopeNode node, int index) {
    while (node instanceof Branch b) {
      if (index < b.left.chars) {
        node = b.left;
      } else {
        index -= b.left.chars;
        node = b.right;
      }
    }
    return ((Leaf) node).text.charAt(index);
  }

  /**
   * The UTF-16 index where code point {@code codePoint} starts ({@code chars} for the end). Exact
   * when no surrogate pair spans two leaves, which holds for every rope edited only at code point
   * boundaries (text-unicode); json0 indexes by UTF-16 unit and never asks.
   */
  static int charIndex(RopeNode node, int codePoint) {
    int base = 0;
    while (!node.isBasic()) {
      if (node instanceof Branch b) {
        if (codePoint < b.left.codePoints) {
          node = b.left;
        } else {
          codePoint -= b.left.codePoints;
          base += b.left.chars;
          node = b.right;
        }
      } else {
        String text = ((Leaf) node).text;
        int fromEnd = node.codePoints - codePoint;
        // Walk from the nearer end of the leaf.
        return base + (codePoint <= fromEnd
            ? text.offsetByCodePoints(0, codePoint)
            : text.offsetByCodePoints(text.length(), -fromEnd));
      }
    }
    return base + codePoint;
  }
}
