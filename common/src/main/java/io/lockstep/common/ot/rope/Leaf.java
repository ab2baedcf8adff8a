package io.lockstep.common.ot.rope;

/** A chunk of a rope's text, at most {@link RopeTree#MAX_LEAF} UTF-16 units (only the empty rope has an empty leaf). */
final class Leaf extends RopeNode {
  final String text;

  /** A leaf whose code points the caller has counted already. */
  Leaf(String text, int codePoints) {
    super(text.length(), codePoints, 0, text.isEmpty() ? 0 : text.charAt(0),
        text.isEmpty() ? 0 : text.charAt(text.length() - 1));
    this.text = text;
  }

  Leaf(String text) {
    this(text, text.codePointCount(0, text.length()));
  }
}
