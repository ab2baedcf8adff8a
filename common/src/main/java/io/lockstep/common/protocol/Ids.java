package io.lockstep.common.protocol;

/**
 * Validation of the identifiers of the wire contract. Every id uses the alphabet
 * {@code [A-Za-z0-9._:/-]} (ASCII only, no spaces):
 *
 * <ul>
 *   <li>document ids ({@code doc}): 1 to {@value #MAX_DOC} characters;
 *   <li>client ids ({@code src}): 1 to {@value #MAX_SRC} characters;
 *   <li>feed channel names and presence room names: the document id rules.
 * </ul>
 *
 * <p>The {@code requireX} methods return their argument when it is valid and otherwise throw a
 * {@link LockstepException} with {@link ErrorCode#BAD_REQUEST} whose message names the field and the
 * rule (a long or odd value is shortened and escaped, never echoed raw). The {@code isX} methods
 * answer without throwing. None of them accept {@code null}.
 */
public final class Ids {
  /** Maximum length of a document id, channel name or room name. */
  public static final int MAX_DOC = 256;
  /** Maximum length of a client id. */
  public static final int MAX_SRC = 64;

  private static final String ALPHABET = "[A-Za-z0-9._:/-]";
  private static final int SHOWN = 40;

  private Ids() {}

  /** Whether {@code doc} is a valid document id. */
  public static boolean isDoc(String doc) {
    return valid(doc, MAX_DOC);
  }

  /** Whether {@code src} is a valid client id. */
  public static boolean isSrc(String src) {
    return valid(src, MAX_SRC);
  }

  /** Whether {@code name} is a valid channel or room name. */
  public static boolean isName(String name) {
    return valid(name, MAX_DOC);
  }

  /** Returns {@code doc} if it is a valid document id; otherwise throws {@code bad_request}. */
  public static String requireDoc(String doc) {
    return require("doc", doc, MAX_DOC);
  }

  /** Returns {@code src} if it is a valid client id; otherwise throws {@code bad_request}. */
  public static String requireSrc(String src) {
    return require("src", src, MAX_SRC);
  }

  /** Returns {@code channel} if it is a valid feed channel name; otherwise throws {@code bad_request}. */
  public static String requireChannel(String channel) {
    return require("channel", channel, MAX_DOC);
  }

  /** Returns {@code room} if it is a valid presence room name; otherwise throws {@code bad_request}. */
  public static String requireRoom(String room) {
    return require("room", room, MAX_DOC);
  }

  /**
   * Largest op sequence number, 2^53 − 1: every client language (JavaScript numbers) and the Redis
   * commit script (Lua numbers are doubles) hold it exactly, so two different seqs never compare equal.
   */
  public static final long MAX_SEQ = (1L << 53) - 1;

  /**
   * Returns {@code seq} if it is a valid op sequence number, 1 to {@link #MAX_SEQ}; otherwise throws
   * {@code bad_request}.
   */
  public static long requireSeq(long seq) {
    if (seq < 1 || seq > MAX_SEQ) {
      throw new LockstepException(ErrorCode.BAD_REQUEST,
          "seq must be an integer from 1 to " + MAX_SEQ + " (2^53 - 1), got " + seq);
    }
    return seq;
  }

  private static String require(String field, String value, int max) {
    if (!valid(value, max)) {
      throw new LockstepException(ErrorCode.BAD_REQUEST, describe(field, value, max));
    }
    return value;
  }

  private static boolean valid(String value, int max) {
    if (value == null || value.isEmpty() || value.length() > max) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      if (!allowed(value.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean allowed(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '.' || c == '_' || c == ':' || c == '/' || c == '-';
  }

  private static String describe(String field, String value, int max) {
    String rule = field + " must be 1-" + max + " characters of " + ALPHABET;
    if (value == null) {
      return rule + ", got nothing";
    }
    if (value.isEmpty()) {
      return rule + ", got an empty string";
    }
    if (value.length() > max) {
      return rule + ", got " + value.length() + " characters";
    }
    for (int i = 0; i < value.length(); i++) {
      if (!allowed(value.charAt(i))) {
        return rule + ", got " + shown(value) + " with " + escape(value.codePointAt(i)) + " at index " + i;
      }
    }
    throw new AssertionError(value);
  }

  private static String shown(String value) {
    StringBuilder out = new StringBuilder("\"");
    int end = Math.min(value.length(), SHOWN);
    for (int i = 0; i < end; i++) {
      char c = value.charAt(i);
      out.append(allowed(c) ? String.valueOf(c) : escape(c));
    }
    return out.append(value.length() > SHOWN ? "\"..." : "\"").toString();
  }

  private static String escape(int codePoint) {
    return codePoint == ' ' ? "' '" : String.format("U+%04X", codePoint);
  }
}
