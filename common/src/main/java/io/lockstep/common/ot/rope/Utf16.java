package io.lockstep.common.ot.rope;

/**
 * Code point counting that stays exact when strings are cut and joined: a surrogate pair cut in
 * two counts as two code points (as {@link String#codePointCount} counts lone surrogates), and
 * two lone halves that meet count as one again.
 */
final class Utf16 {
  private Utf16() {}

  /** Whether {@code high} followed by {@code low} is one supplementary code point. */
  static boolean formPair(char high, char low) {
    return Character.isHighSurrogate(high) && Character.isLowSurrogate(low);
  }

  /** Whether cutting {@code s} before index {@code at} splits a surrogate pair. */
  static boolean cutsPair(String s, int at) {
    return at > 0 && at < s.length() && formPair(s.charAt(at - 1), s.charAt(at));
  }
}
