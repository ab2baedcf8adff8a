package io.lockstep.common.ot.rope;

/**
 * A node of a {@link Rope}: a {@link Leaf} holding a chunk of text or a {@link Branch} over a few
 * subtrees. Immutable, so a new version of a rope shares every node its edit did not touch. Each
 * node caches its length in UTF-16 units and in code points (the two indexes json0 and
 * text-unicode need), its height (every leaf is at the same depth) and its first and last UTF-16
 * unit, so that joining two nodes knows in O(1) whether a surrogate pair forms across the seam.
 */
abstract sealed class RopeNode permits Leaf, Branch {
  final int chars;
  final int codePoints;
  final int height;
  final char first;
  final char last;

  RopeNode(int chars, int codePoints, int height, char first, char last) {
    this.chars = chars;
    this.codePoints = codePoints;
    this.height = height;
    this.first = first;
    this.last = last;
  }

  /** Whether every UTF-16 unit below is a code point of its own, so both indexes agree. */
  final boolean isBasic() {
    return chars == codePoints;
  }
}
