package io.lockstep.common.ot.rope;

/**
 * Two to {@link RopeTree#MAX_CHILDREN} non-empty subtrees of one height, their texts in order (the
 * root alone may hold fewer). A wide node keeps the tree shallow: a megabyte of text is three levels
 * deep, so an edit copies a few small arrays instead of a dozen binary nodes.
 */
final class Branch extends RopeNode {
  final RopeNode[] children;

  /** Takes ownership of {@code children} (not copied). */
  Branch(RopeNode[] children) {
    super(chars(children), codePoints(children), children[0].height + 1, children[0].first,
        children[children.length - 1].last);
    this.children = children;
  }

  private static int chars(RopeNode[] children) {
    int sum = 0;
    for (RopeNode child : children) {
      sum = Math.addExact(sum, child.chars);
    }
    return sum;
  }

  private static int codePoints(RopeNode[] children) {
    int sum = children[0].codePoints;
    for (int i = 1; i < children.length; i++) {
      sum += children[i].codePoints - (Utf16.formPair(children[i - 1].last, children[i].first) ? 1 : 0);
    }
    return sum;
  }
}
