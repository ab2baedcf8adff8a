package io.lockstep.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Keystroke-sized text-unicode edits: inserts of 1–4 characters (mostly ASCII, some accented
 * letters, now and then an emoji outside the BMP) and deletes of 1–3 code points by count, at
 * random positions. Inserts win more often below {@link #TARGET} code points and deletes above, so
 * the document hovers around that size instead of growing for the whole run.
 */
final class TextEdits implements Edits {
  static final int TARGET = 2_000;

  private static final String[] PIECES = {
    "a", "e", "t", "o", "n", " ", "th", "in", "er", "the ", "and", ". ", ",", "é", "ß", "ü", "😀"
  };

  @Override
  public String type() {
    return "text-unicode";
  }

  @Override
  public Object initialData() {
    StringBuilder text = new StringBuilder(TARGET);
    String sentence = "The quick brown fox jumps over the lazy dog; Zoë's café serves crème brûlée. ";
    while (text.length() < TARGET) {
      text.append(sentence);
    }
    return text.substring(0, TARGET);
  }

  @Override
  public int lengthOf(Object data) {
    String text = (String) data;
    return text.codePointCount(0, text.length());
  }

  @Override
  public List<Object> next(SplittableRandom random, int length) {
    double insertChance = Math.max(0.1, Math.min(0.9, 0.5 + 0.5 * (TARGET - length) / (double) TARGET));
    int at = random.nextInt(length + 1);
    List<Object> op = new ArrayList<>(2);
    if (at > 0) {
      op.add(at);
    }
    if (length - at < 1 || random.nextDouble() < insertChance) {
      StringBuilder piece = new StringBuilder();
      int parts = 1 + random.nextInt(2);
      for (int i = 0; i < parts; i++) {
        piece.append(PIECES[random.nextInt(PIECES.length)]);
      }
      op.add(piece.toString());
    } else {
      op.add(Map.of("d", 1 + random.nextInt(Math.min(3, length - at))));
    }
    return op;
  }

  @Override
  public int delta(Object wireOp) {
    int delta = 0;
    for (Object c : (List<?>) wireOp) {
      if (c instanceof String s) {
        delta += s.codePointCount(0, s.length());
      } else if (c instanceof Map<?, ?> d) {
        Object n = d.get("d");
        delta -= n instanceof String s ? s.codePointCount(0, s.length()) : ((Number) n).intValue();
      }
    }
    return delta;
  }
}
