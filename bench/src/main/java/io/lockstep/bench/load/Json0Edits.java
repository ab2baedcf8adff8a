package io.lockstep.bench.load;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * json0 edits of a note {@code {"title":…,"body":…}}: {@code si} string inserts of 1–4 characters
 * into {@code body} at random offsets. Offsets count UTF-16 units, so the inserted characters stay in
 * the BMP (a random offset must never fall inside a surrogate pair). Inserts only: {@code sd} must
 * name the deleted text, which a length-only model does not know, so the body grows by about two
 * characters per op during a run.
 */
final class Json0Edits implements Edits {
  private static final String[] PIECES = {"a", "e", "t", "o", " ", "th", "in", "er", "the ", ", ", "é", "ß"};

  @Override
  public String type() {
    return "json0";
  }

  @Override
  public Object initialData() {
    return Map.of("title", "Load test", "body", new TextEdits().initialData());
  }

  @Override
  public int lengthOf(Object data) {
    return ((String) ((Map<?, ?>) data).get("body")).length();
  }

  @Override
  public List<Object> next(SplittableRandom random, int length) {
    String piece = PIECES[random.nextInt(PIECES.length)];
    if (random.nextBoolean()) {
      piece += PIECES[random.nextInt(PIECES.length)];
    }
    return List.of(Map.of("p", List.of("body", random.nextInt(length + 1)), "si", piece));
  }

  @Override
  public int delta(Object wireOp) {
    int delta = 0;
    for (Object c : (List<?>) wireOp) {
      Map<?, ?> component = (Map<?, ?>) c;
      if (component.get("si") instanceof String s) {
        delta += s.length();
      }
      if (component.get("sd") instanceof String s) {
        delta -= s.length();
      }
    }
    return delta;
  }
}
