package io.lockstep.common.ot.rope;

/**
 * The way from a rope's root down to the one leaf an edit changes, and back up: the branches it
 * passes and the child it takes in each. A keystroke walks down in a loop and rebuilds the path in
 * a loop, instead of recursing through every level: the same few instructions at every height, so
 * a tall tree costs only its extra iterations.
 */
final class RopePath {
  private final Branch[] branches;
  private final int[] taken;
  /** The leaf at the end of the way down. */
  final Leaf leaf;
  /** Where the edit starts and ends in {@link #leaf}, in the unit the way down counted in. */
  final int from;
  final int to;

  private RopePath(Branch[] branches, int[] taken, Leaf leaf, int from, int to) {
    this.branches = branches;
    this.taken = taken;
    this.leaf = leaf;
    this.from = from;
    this.to = to;
  }

  /**
   * The way to the leaf holding {@code [from, to)}, counted in code points or UTF-16 units; null
   * when the range spans two leaves. An empty range (an insert) at the seam of two children goes to
   * the end of the left one, a non-empty one to the start of the right one.
   */
  static RopePath down(RopeNode root, int from, int to, boolean codePoints) {
    int depth = root.height;
    Branch[] branches = new Branch[depth];
    int[] taken = new int[depth];
    RopeNode node = root;
    for (int d = 0; d < depth; d++) {
      Branch branch = (Branch) node;
      int base = branch.lengthsFrom(codePoints);
      int last = branch.children.length - 1;
      int i = 0;
      int length = branch.length(base);
      while (i < last && (from > length || from == length && to > from)) {
        from -= length;
        to -= length;
        i++;
        length = branch.length(base + i);
      }
      if (to > length) {
        return null;
      }
      branches[d] = branch;
      taken[d] = i;
      node = branch.children[i];
    }
    return new RopePath(branches, taken, (Leaf) node, from, to);
  }

  /**
   * The new root: {@code with} in the leaf's place, each branch on the way copied with its new
   * child. {@code with} is a node of the leaf's height or, when the leaf split, a branch one level
   * taller over its parts, which the leaf's parent takes in the leaf's place (splitting in turn when
   * they do not fit). The result may be such a taller branch with more than
   * {@link RopeTree#MAX_CHILDREN} parts; {@link RopeTree} gives those levels of their own.
   */
  RopeNode up(RopeNode with) {
    for (int d = branches.length - 1; d >= 0; d--) {
      with = RopeTree.replaceChild(branches[d], taken[d], with);
    }
    return with;
  }
}
