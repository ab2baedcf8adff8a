package io.lockstep.common.ot.rope;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The algorithms over {@link RopeNode}s: build, insert, delete, read. The tree is a B-tree: every
 * leaf at the same depth, every branch with at most {@link #MAX_CHILDREN} children. An edit copies
 * only the path from the root to the leaves it changes (a few arrays of at most 16 references and
 * one leaf of at most {@link #MAX_LEAF} units), so its cost grows with the tree's height, which is
 * three for a megabyte, never with the text.
 *
 * <p>Balance: an insert that overflows a leaf or a branch splits it into near-equal parts, which
 * the parent takes in its place (a new root grows on top when the root splits). A delete may leave
 * a node small; its parent merges every node under a quarter of the maximum with a neighbour
 * (splitting the two again evenly when they do not fit in one), so nodes stay between a quarter
 * and all of the maximum, and keystrokes neither fragment the tree nor deepen it. A leaf is never
 * cut inside a surrogate pair.
 */
final class RopeTree {
  /** Largest leaf, in UTF-16 units: small enough that copying one costs about as much as a few tree levels. */
  static final int MAX_LEAF = 512;
  /** Size of the leaves a text is cut into; moving a cut off a surrogate pair adds one, well within the maximum. */
  private static final int LEAF_CHUNK = MAX_LEAF / 2;
  /** Most children of a branch. */
  static final int MAX_CHILDREN = 16;
  static final Leaf EMPTY = new Leaf("", 0);

  private RopeTree() {}

  /** A balanced tree holding {@code s}: equal chunks of at most {@link #MAX_LEAF} units. */
  static RopeNode build(String s) {
    return s.isEmpty() ? EMPTY : root(chunks(s));
  }

  /**
   * {@code s} cut into leaves of near-equal size, about half of {@link #MAX_LEAF} each: room for
   * typing before a leaf splits, and a leaf the same size in a short text as in a long one.
   */
  private static RopeNode[] chunks(String s) {
    if (s.length() <= MAX_LEAF) {
      return new RopeNode[] {new Leaf(s)};
    }
    int pieces = (s.length() + LEAF_CHUNK - 1) / LEAF_CHUNK;
    RopeNode[] leaves = new RopeNode[pieces];
    int start = 0;
    for (int i = 1; i <= pieces; i++) {
      int end = (int) ((long) s.length() * i / pieces);
      if (Utf16.cutsPair(s, end)) {
        end--;
      }
      leaves[i - 1] = new Leaf(s.substring(start, end));
      start = end;
    }
    return leaves;
  }

  /** One node over {@code nodes} (all of one height), adding levels of parents as needed. */
  private static RopeNode root(RopeNode[] nodes) {
    while (nodes.length > 1) {
      nodes = parents(nodes);
    }
    return nodes[0];
  }

  /** {@code nodes} under as few parents as fit, of near-equal size. */
  private static RopeNode[] parents(RopeNode[] nodes) {
    int count = (nodes.length + MAX_CHILDREN - 1) / MAX_CHILDREN;
    RopeNode[] parents = new RopeNode[count];
    int start = 0;
    for (int i = 1; i <= count; i++) {
      int end = (int) ((long) nodes.length * i / count);
      parents[i - 1] = new Branch(Arrays.copyOfRange(nodes, start, end));
      start = end;
    }
    return parents;
  }

  /**
   * {@code root} with {@code text} (not empty) inserted before index {@code at}, counted in code
   * points when {@code codePoints} is set (0 <= at <= codePoints), else in UTF-16 units (0 <= at
   * <= chars). Either way the edit walks down once: text-unicode's positions are code points, and
   * finding the UTF-16 index first would walk the tree twice.
   */
  static RopeNode insert(RopeNode root, int at, String text, boolean codePoints) {
    RopePath path = RopePath.down(root, at, at, codePoints);
    Leaf leaf = path.leaf;
    RopeNode out = path.up(insertIntoLeaf(leaf, codePoints ? offsetInLeaf(leaf, path.from) : path.from, text));
    // A large insert can leave more parts than one branch holds: give them levels of their own.
    return out instanceof Branch b && b.children.length > MAX_CHILDREN ? root(b.children) : out;
  }

  /**
   * {@code branch} with child {@code i} replaced by {@code with}: a node of the child's height, or,
   * when the child overflowed, a branch one level taller over the nodes it split into. Returns a
   * node of the branch's height, or a branch one level taller when it overflowed in turn.
   * Returning a node, not an array, keeps a keystroke from allocating at every level just to say
   * "one node". (That taller branch may hold more than {@link #MAX_CHILDREN} parts after a large
   * insert; it never outlives the edit.)
   */
  static RopeNode replaceChild(Branch branch, int i, RopeNode with) {
    if (with.height < branch.height) {
      return branch.replacing(i, with);
    }
    RopeNode[] parts = ((Branch) with).children;
    return branch.children.length - 1 + parts.length <= MAX_CHILDREN
        ? branch.replacing(i, parts)
        : new Branch(parents(replace(branch.children, i, i + 1, parts)));
  }

  private static RopeNode insertIntoLeaf(Leaf leaf, int at, String text) {
    String old = leaf.text;
    String joined = new StringBuilder(old.length() + text.length())
        .append(old, 0, at).append(text).append(old, at, old.length()).toString();
    if (joined.length() > MAX_LEAF) {
      return new Branch(chunks(joined));
    }
    int codePoints = leaf.codePoints + (Utf16.cutsPair(old, at) ? 1 : 0)
        + text.codePointCount(0, text.length())
        - (at > 0 && Utf16.formPair(old.charAt(at - 1), text.charAt(0)) ? 1 : 0)
        - (at < old.length() && Utf16.formPair(text.charAt(text.length() - 1), old.charAt(at)) ? 1 : 0);
    return new Leaf(joined, codePoints);
  }

  /**
   * {@code root} without {@code [from, to)} (0 <= from < to <= length), counted in code points
   * when {@code codePoints} is set, else in UTF-16 units. A range within one leaf, a keystroke's,
   * is found in one walk down.
   */
  static RopeNode delete(RopeNode root, int from, int to, boolean codePoints) {
    RopePath path = RopePath.down(root, from, to, codePoints);
    if (path != null && root.height > 0) {
      // The usual case, a keystroke: the range lies in one leaf, which stays big enough.
      RopeNode rest = deleteFrom(path.leaf, path.from, path.to, codePoints);
      if (rest != null && !small(rest)) {
        return path.up(rest);
      }
    }
    RopeNode node = deleteFrom(root, from, to, codePoints);
    if (node == null) {
      return EMPTY;
    }
    while (node instanceof Branch b && b.children.length == 1) {
      node = b.children[0];
    }
    return node;
  }

  /** {@code node} without the range, of the same height (perhaps small: its parent mends it); null when nothing is left. */
  private static RopeNode deleteFrom(RopeNode node, int from, int to, boolean codePoints) {
    if (from == 0 && to == (codePoints ? node.codePoints : node.chars)) {
      return null;
    }
    if (node instanceof Leaf leaf) {
      if (codePoints) {
        int start = offsetInLeaf(leaf, from);
        return deleteFromLeaf(leaf, start, leaf.text.offsetByCodePoints(start, to - from));
      }
      return deleteFromLeaf(leaf, from, to);
    }
    Branch branch = (Branch) node;
    RopeNode[] children = branch.children;
    int base = branch.lengthsFrom(codePoints);
    // The child the range starts in, and where that child starts.
    int within = 0;
    int start = 0;
    while (from >= start + branch.length(base + within)) {
      start += branch.length(base + within);
      within++;
    }
    if (to <= start + branch.length(base + within)) {
      // The usual case, a keystroke: the range lies in one child, which stays big enough.
      RopeNode rest = deleteFrom(children[within], from - start, to - start, codePoints);
      if (rest != null && !small(rest)) {
        return branch.replacing(within, rest);
      }
      List<RopeNode> kept = new ArrayList<>(Arrays.asList(children));
      if (rest == null) {
        kept.remove(within);
      } else {
        kept.set(within, rest);
      }
      mend(kept);
      return kept.isEmpty() ? null : new Branch(kept.toArray(RopeNode[]::new));
    }
    if (codePoints) {
      // A range across children: count it in UTF-16 units from here on.
      return deleteFrom(node, charIndex(node, from), charIndex(node, to), false);
    }
    List<RopeNode> kept = new ArrayList<>(children.length + 1);
    start = 0;
    for (int c = 0; c < children.length; c++) {
      RopeNode child = children[c];
      int end = start + branch.childChars(c);
      if (end <= from || start >= to) {
        kept.add(child);
      } else {
        RopeNode rest = deleteFrom(child, Math.max(from, start) - start, Math.min(to, end) - start, false);
        if (rest != null) {
          kept.add(rest);
        }
      }
      start = end;
    }
    mend(kept);
    return kept.isEmpty() ? null : new Branch(kept.toArray(RopeNode[]::new));
  }

  private static RopeNode deleteFromLeaf(Leaf leaf, int from, int to) {
    String old = leaf.text;
    String kept = new StringBuilder(old.length() - (to - from)).append(old, 0, from).append(old, to, old.length()).toString();
    int codePoints = leaf.codePoints + (Utf16.cutsPair(old, from) ? 1 : 0) + (Utf16.cutsPair(old, to) ? 1 : 0)
        - old.codePointCount(from, to)
        - (from > 0 && to < old.length() && Utf16.formPair(old.charAt(from - 1), old.charAt(to)) ? 1 : 0);
    return new Leaf(kept, codePoints);
  }

  /** Merges every node under a quarter of the maximum with a neighbour (siblings, all of one height). */
  private static void mend(List<RopeNode> siblings) {
    int i = 0;
    while (i < siblings.size() && siblings.size() > 1) {
      if (!small(siblings.get(i))) {
        i++;
        continue;
      }
      int left = i + 1 < siblings.size() ? i : i - 1;
      RopeNode[] merged = merge(siblings.get(left), siblings.get(left + 1));
      siblings.remove(left + 1);
      siblings.remove(left);
      siblings.addAll(left, Arrays.asList(merged));
      // One node may still be small (check it again); parts of an even split are not.
      i = merged.length == 1 ? left : left + merged.length;
    }
  }

  private static boolean small(RopeNode node) {
    return node instanceof Branch b ? b.children.length < MAX_CHILDREN / 4 : node.chars < MAX_LEAF / 4;
  }

  /** {@code a} and {@code b} (neighbours of one height) as one node, or split evenly when they do not fit in one. */
  private static RopeNode[] merge(RopeNode a, RopeNode b) {
    if (a instanceof Leaf x && b instanceof Leaf y) {
      String text = x.text.concat(y.text);
      return text.length() > MAX_LEAF ? chunks(text)
          : new RopeNode[] {new Leaf(text, x.codePoints + y.codePoints - (Utf16.formPair(x.last, y.first) ? 1 : 0))};
    }
    RopeNode[] left = ((Branch) a).children;
    RopeNode[] both = replace(left, left.length, left.length, ((Branch) b).children);
    return both.length <= MAX_CHILDREN ? new RopeNode[] {new Branch(both)} : parents(both);
  }

  /** A copy of {@code nodes} with {@code [from, to)} replaced by {@code with}. */
  private static RopeNode[] replace(RopeNode[] nodes, int from, int to, RopeNode[] with) {
    RopeNode[] out = new RopeNode[nodes.length - (to - from) + with.length];
    System.arraycopy(nodes, 0, out, 0, from);
    System.arraycopy(with, 0, out, from, with.length);
    System.arraycopy(nodes, to, out, from + with.length, nodes.length - to);
    return out;
  }

  /** Appends UTF-16 units {@code [from, to)} of {@code node} to {@code out}. */
  static void appendTo(RopeNode node, int from, int to, StringBuilder out) {
    if (node instanceof Leaf leaf) {
      out.append(leaf.text, from, to);
      return;
    }
    Branch branch = (Branch) node;
    int start = 0;
    for (int i = 0; i < branch.children.length; i++) {
      int end = start + branch.childChars(i);
      if (start >= to) {
        return;
      }
      if (end > from) {
        appendTo(branch.children[i], Math.max(from, start) - start, Math.min(to, end) - start, out);
      }
      start = end;
    }
  }

  /** The UTF-16 unit at {@code index} (0 <= index < chars). */
  static char charAt(RopeNode node, int index) {
    while (node instanceof Branch b) {
      int last = b.children.length - 1;
      int i = 0;
      while (i < last && index >= b.childChars(i)) {
        index -= b.childChars(i);
        i++;
      }
      node = b.children[i];
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
        int last = b.children.length - 1;
        int i = 0;
        while (i < last && codePoint >= b.childCodePoints(i)) {
          codePoint -= b.childCodePoints(i);
          base += b.childChars(i);
          i++;
        }
        node = b.children[i];
      } else {
        return base + offsetInLeaf((Leaf) node, codePoint);
      }
    }
    return base + codePoint;
  }

  /** The UTF-16 index in {@code leaf} where its code point {@code codePoint} starts, walking from the nearer end. */
  private static int offsetInLeaf(Leaf leaf, int codePoint) {
    if (leaf.isBasic()) {
      return codePoint;
    }
    String text = leaf.text;
    int fromEnd = leaf.codePoints - codePoint;
    return codePoint <= fromEnd ? text.offsetByCodePoints(0, codePoint) : text.offsetByCodePoints(text.length(), -fromEnd);
  }
}
