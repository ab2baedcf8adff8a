package io.lockstep.common.ot.rope;

/**
 * Two to {@link RopeTree#MAX_CHILDREN} non-empty subtrees of one height, their texts in order (the
 * root alone may hold fewer). A wide node keeps the tree shallow: a megabyte of text is three levels
 * deep, so an edit copies a few small arrays instead of a dozen binary nodes.
 *
 * <p>The children's lengths, in both units, are copied into one array of this node's own, so that
 * finding the child an index falls in reads two or three adjacent cache lines instead of every
 * child object: in a megabyte of text the nodes are scattered across the heap, and each read
 * elsewhere is a cache miss. Misses were most of what a keystroke in 1 MB cost more than one in
 * 2 KB (issue 16), so an edit touches as few objects per level as it can: this node, its
 * children, its lengths.
 */
final class Branch extends RopeNode {
  final RopeNode[] children;
  /**
   * {@code children[i].chars} at {@code i}, then {@code children[i].codePoints} at
   * {@code children.length + i}: one array to read and copy per level, not two.
   */
  private final int[] lengths;

  /** Takes ownership of {@code children} (not copied). */
  Branch(RopeNode[] children) {
    this(children, lengthsOf(children));
  }

  private Branch(RopeNode[] children, int[] lengths) {
    this(children, lengths, sum(lengths, children.length), codePoints(children, lengths));
  }

  private Branch(RopeNode[] children, int[] lengths, int chars, int codePoints) {
    this(children, lengths, chars, codePoints, children[0].height + 1, children[0].first,
        children[children.length - 1].last);
  }

  private Branch(RopeNode[] children, int[] lengths, int chars, int codePoints, int height, char first, char last) {
    super(chars, codePoints, height, first, last);
    this.children = children;
    this.lengths = lengths;
  }

  /** Where the children's lengths in one unit start in the array {@link #length} reads. */
  int lengthsFrom(boolean codePoints) {
    return codePoints ? children.length : 0;
  }

  /** Child {@code i - from}'s length, where {@code from} is {@link #lengthsFrom} of the unit wanted. */
  int length(int i) {
    return lengths[i];
  }

  int childChars(int i) {
    return lengths[i];
  }

  int childCodePoints(int i) {
    return lengths[children.length + i];
  }

  /**
   * This branch with child {@code i} replaced by {@code with} (nodes of the child's height, which
   * must fit: at most {@link RopeTree#MAX_CHILDREN} children in all). Reads the new nodes, and a
   * neighbour only when a surrogate half at the seam may pair with it; never the other children.
   */
  Branch replacing(int i, RopeNode[] with) {
    int n = children.length;
    int m = with.length;
    int size = n - 1 + m;
    RopeNode[] nodes = new RopeNode[size];
    int[] out = new int[2 * size];
    System.arraycopy(children, 0, nodes, 0, i);
    System.arraycopy(children, i + 1, nodes, i + m, n - i - 1);
    System.arraycopy(lengths, 0, out, 0, i);
    System.arraycopy(lengths, i + 1, out, i + m, n - i - 1);
    System.arraycopy(lengths, n, out, size, i);
    System.arraycopy(lengths, n + i + 1, out, size + i + m, n - i - 1);
    long totalChars = (long) this.chars - childChars(i);
    // The old child's code points and the pairs across its two seams go; the new nodes' and the
    // pairs across their seams come.
    int totalCodePoints = this.codePoints - childCodePoints(i) + pairInto(children, i) + pairOutOf(children, i + 1);
    for (int j = 0; j < m; j++) {
      nodes[i + j] = with[j];
      out[i + j] = with[j].chars;
      out[size + i + j] = with[j].codePoints;
      totalChars += with[j].chars;
      totalCodePoints += with[j].codePoints - pairInto(nodes, i + j);
    }
    totalCodePoints -= pairOutOf(nodes, i + m);
    return new Branch(nodes, out, Math.toIntExact(totalChars), totalCodePoints);
  }

  /** This branch with child {@code i} replaced by {@code with}, a node of the child's height: the edit of one keystroke. */
  Branch replacing(int i, RopeNode with) {
    RopeNode[] nodes = children.clone();
    int[] out = lengths.clone();
    nodes[i] = with;
    out[i] = with.chars;
    out[nodes.length + i] = with.codePoints;
    int totalChars = Math.addExact(this.chars - childChars(i), with.chars);
    int totalCodePoints = this.codePoints - childCodePoints(i) + pairInto(children, i) + pairOutOf(children, i + 1)
        + with.codePoints - pairInto(nodes, i) - pairOutOf(nodes, i + 1);
    // The ends come from this branch unless the new child is one: the other children stay unread
    // (in a large text they are far apart in memory, and each read would be a cache miss).
    return new Branch(nodes, out, totalChars, totalCodePoints, height,
        i == 0 ? with.first : first, i == nodes.length - 1 ? with.last : last);
  }

  /** 1 when {@code nodes[k]} starts with a low surrogate that pairs with its left neighbour's end; reads the neighbour only then. */
  private static int pairInto(RopeNode[] nodes, int k) {
    return k > 0 && k < nodes.length && Character.isLowSurrogate(nodes[k].first)
        && Character.isHighSurrogate(nodes[k - 1].last) ? 1 : 0;
  }

  /** 1 when {@code nodes[k - 1]} ends with a high surrogate that pairs with {@code nodes[k]}'s start; reads {@code nodes[k]} only then. */
  private static int pairOutOf(RopeNode[] nodes, int k) {
    return k > 0 && k < nodes.length && Character.isHighSurrogate(nodes[k - 1].last)
        && Character.isLowSurrogate(nodes[k].first) ? 1 : 0;
  }

  private static int[] lengthsOf(RopeNode[] children) {
    int n = children.length;
    int[] out = new int[2 * n];
    for (int i = 0; i < n; i++) {
      out[i] = children[i].chars;
      out[n + i] = children[i].codePoints;
    }
    return out;
  }

  private static int sum(int[] values, int count) {
    int sum = 0;
    for (int i = 0; i < count; i++) {
      sum = Math.addExact(sum, values[i]);
    }
    return sum;
  }

  private static int codePoints(RopeNode[] children, int[] lengths) {
    int n = children.length;
    int sum = lengths[n];
    for (int i = 1; i < n; i++) {
      sum += lengths[n + i] - pairInto(children, i);
    }
    return sum;
  }
}
