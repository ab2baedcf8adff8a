package io.lockstep.common.ot.rope;

/** Two non-empty subtrees, {@code left}'s text before {@code right}'s. */
final class Branch extends RopeNode {
  final RopeNode left;
  final RopeNode right;

  Branch(RopeNode left, RopeNode right) {
    super(Math.addExact(left.chars, right.chars),
        left.codePoints + right.codePoints - (Utf16.formPair(left.last, right.first) ? 1 : 0),
        1 + Math.max(left.height, right.height), left.first, right.last);
    this.left = left;
    this.right = right;
  }
}
