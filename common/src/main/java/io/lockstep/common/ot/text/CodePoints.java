package io.lockstep.common.ot.text;

/**
 * Code-point arithmetic over Java strings. text-unicode measures everything (skips, deletes,
 * insert lengths, cursor positions) in Unicode code points, while Java indexes strings by UTF-16
 * unit; this is the one place that converts between the two, so an astral character such as
 * {@code 😀} counts 1 everywhere else in the package.
 */
final class CodePoints {
  private CodePoints() {}

  /** How many code points {@code s} holds. */
  static int count(String s) {
    return s.codePointCount(0, s.length());
  }

  /**
   * The UTF-16 index reached by moving {@code codePoints} code points forward from UTF-16 index
   * {@code from}. The caller guarantees that many remain; asking for more is a bug, not bad input.
   */
  static int advance(String s, int from, int codePoints) {
    return s.offsetByCodePoints(from, codePoints);
  }

  /** The code points {@code [start, end)} of {@code s}, counted in code points. */
  static String slice(String s, int start, int end) {
    int from = advance(s, 0, start);
    return s.substring(from, advance(s, from, end - start));
  }

  /**
   * The UTF-16 index of the first surrogate in {@code s} that is not half of a well-formed pair,
   * or -1 when there is none. Such a string has no well-defined code-point length (the reference
   * counts it one way, Java another), so ops carrying one are refused.
   */
  static int loneSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }
}
