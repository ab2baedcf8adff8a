package io.lockstep.sync.convergence;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Random text-unicode edits: inserts, deletes by count and deletes by text, alone or an insert and
 * a delete in one op, with astral characters (one code point, two UTF-16 units) mixed in so that
 * every offset is a code-point offset. Documents are kept small: past 80 code points deletes win.
 */
final class TextEdits implements RandomEdits {
  private static final String[] ALPHABET = {"a", "b", "c", "x", "é", "中", "😀", "𝄞", "🎉"};

  @Override
  public Object initialData() {
    return "héllo 😀 wörld";
  }

  @Override
  public Object next(Object doc, Random rnd) {
    String text = (String) doc;
    int length = text.codePointCount(0, text.length());
    int roll = rnd.nextInt(100);
    boolean shrink = length > 80;
    if (length == 0 || (!shrink && roll < 40)) {
      return insert(rnd.nextInt(length + 1), word(rnd));
    }
    if (roll < 60 || shrink && roll < 75) {
      return delete(text, length, rnd, false);
    }
    if (roll < 80 || shrink) {
      return delete(text, length, rnd, true);
    }
    return insertThenDelete(text, length, rnd);
  }

  static String word(Random rnd) {
    StringBuilder out = new StringBuilder();
    int n = 1 + rnd.nextInt(3);
    for (int i = 0; i < n; i++) {
      out.append(ALPHABET[rnd.nextInt(ALPHABET.length)]);
    }
    return out.toString();
  }

  static List<Object> insert(int at, String text) {
    List<Object> op = new ArrayList<>();
    if (at > 0) {
      op.add(at);
    }
    op.add(text);
    return op;
  }

  private static List<Object> delete(String text, int length, Random rnd, boolean byText) {
    int at = rnd.nextInt(length);
    int n = 1 + rnd.nextInt(Math.min(3, length - at));
    List<Object> op = new ArrayList<>();
    if (at > 0) {
      op.add(at);
    }
    op.add(Map.of("d", byText ? codePoints(text, at, n) : n));
    return op;
  }

  /** An insert at one place and a delete further on, in one op. */
  private static List<Object> insertThenDelete(String text, int length, Random rnd) {
    int del = rnd.nextInt(length);
    int n = 1 + rnd.nextInt(Math.min(3, length - del));
    int ins = rnd.nextInt(del + 1);
    List<Object> op = new ArrayList<>();
    if (ins > 0) {
      op.add(ins);
    }
    op.add(word(rnd));
    if (del > ins) {
      op.add(del - ins);
    }
    op.add(Map.of("d", rnd.nextBoolean() ? codePoints(text, del, n) : n));
    return op;
  }

  static String codePoints(String text, int at, int n) {
    int from = text.offsetByCodePoints(0, at);
    return text.substring(from, text.offsetByCodePoints(from, n));
  }
}
