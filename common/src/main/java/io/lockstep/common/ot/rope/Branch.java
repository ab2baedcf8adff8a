package io.lockstep.common.ot.rope;

/**
 * Two to {@link RopeTree#MAX_CHILDREN} non-empty subtrees of one height, their texts in order (the
 * root alone may hold fewer). A wide node keeps the tree shallow: a megabyte of text is three levels
 * deep, so an edit copies a few small arrays instead of a dozen binary nodes.
 *
 * <p>The children's lengths are copied into this node's own arrays, so that finding the child an
 * index falls in reads one or two cache lines instead of every child object: in a megabyte of text
 * the children are scattered across the heap, and reading each one's length was most of an edit's
 * cost (issue 16: a keystroke in 1 MB took twice what it took in 2 KB).
 */
final class Branch extends RopeNode {
  final RopeNode[] children;
  /** {@code children[i].chars}. */
  final int[] childChars;
  /** {@code children[i].codePoints}. */
  final int[] childCodePoints;

  /** Takes ownership of {@code children} (not copied). */
  Branch(RopeNode[] children) {
    this(children, charsOf(children), codePointsOf(children));
  }

  private Branch(RopeNode[] children, int[] childChars, int[] childCodePoints) {
    this(children, childChars, childCodePoints, sum(childChars), codePoints(children, childCodePoints));
  }

  private Branch(RopeNode[] children, int[] childChars, int[] childCodePoints, int chars, int codePoints) {
    this(children, childChars, childCodePoints, chars, codePoints, children[0].height + 1, children[0].first,
        children[children.length - 1].last);
  }

  private Branch(RopeNode[] children, int[] childChars, int[] childCodePoints, int chars, int codePoints,
      int height, char first, char last) {
    super(chars, codePoints, height, first, last);
    this.children = children;
    this.childChars = childChars;
    this.childCodePoints = childCodePoints;
  }

  /**
   * This branch with child {@code i} replaced by {@code with} (nodes of the child's height, which
   * must fit: at most {@link RopeTree#MAX_CHILDREN} children in all). Reads the new nodes, and a
   * neighbour only when a surrogate half at the seam may pair with it; never the other children.
   */
  Branch replacing(int i, RopeNode[] with) {
    int n = children.length;
    int m = with.length;
    RopeNode[] nodes = new RopeNode[n - 1 + m];
    int[] chars = new int[n - 1 + m];
    int[] codePoints = new int[n - 1 + m];
    System.arraycopy(children, 0, nodes, 0, i);
    System.arraycopy(childChars, 0, chars, 0, i);
    System.arraycopy(childCodePoints, 0, codePoints, 0, i);
    System.arraycopy(children, i + 1, nodes, i + m, n - i - 1);
    System.arraycopy(childChars, i + 1, chars, i + m, n - i - 1);
    System.arraycopy(childCodePoints, i + 1, codePoints, i + m, n - i - 1);
    long totalChars = (long) this.chars - childChars[i];
    // The old child's code points and the pairs across its two seams go; the new nodes' and the
    // pairs across their seams come.
    int totalCodePoints = this.codePoints - childCodePoints[i] + pairInto(children, i) + pairOutOf(children, i + 1);
    for (int j = 0; j < m; j++) {
      nodes[i + j] = with[j];
      chars[i + j] = with[j].chars;
      codePoints[i + j] = with[j].codePoints;
      totalChars += with[j].chars;
      totalCodePoints += with[j].codePoints - pairInto(nodes, i + j);
    }
    totalCodePoints -= pairOutOf(nodes, i + m);
    return new Branch(nodes, chars, codePoints, Math.toIntExact(totalChars), totalCodePoints);
  }

  /** This branch with child {@code i} replaced by {@code with}, a node of the child's height: the edit of one keystroke. */
  Branch replacing(int i, RopeNode with) {
    RopeNode[] nodes = children.clone();
    int[] chars = childChars.clone();
    int[] codePoints = childCodePoints.clone();
    nodes[i] = with;
    chars[i] = with.chars;
    codePoints[i] = with.codePoints;
    int totalChars = Math.addExact(this.chars - childChars[i], with.chars);
    int totalCodePoints = this.codePoints - childCodePoints[i] + pairInto(children, i) + pairOutOf(children, i + 1)
        + with.codePoints - pairInto(nodes, i) - pairOutOf(nodes, i + 1);
    // The ends come from this branch unless the new child is one: the other children stay unread
    // (in a large text they are far apart in memory, and each read would be a cache miss).
    return new Branch(nodes, chars, codePoints, totalChars, totalCodePoints, height,
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

  private static int[] charsOf(RopeNode[] children) {
    int[] out = new int[children.length];
    for (int i = 0; i < children.length; i++) {
      out[i] = children[i].chars;
    }
    return out;
  }

  private static int[] codePointsOf(RopeNode[] children) {
    int[] out = new int[children.length];
    for (int i = 0; i < children.length; i++) {
      out[i] = children[i].codePoints;
    }
    return out;
  }

  private static int sum(int[] values) {
    int sum = 0;
    for (int value : values) {
      sum = Math.addExact(sum, value);
    }
    return sum;
  }

  private static int codePoints(RopeNode[] children, int[] childCodePoints) {
    int sum = childCodePoints[0];
    for (int i = 1; i < children.length; i++) {
      sum += childCodePoints[i] - pairInto(children, i);
    }
    return sum;
  }
}
