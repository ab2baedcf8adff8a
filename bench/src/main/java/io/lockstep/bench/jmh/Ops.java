package io.lockstep.bench.jmh;

import io.lockstep.common.ot.OtType;
import io.lockstep.common.ot.registry.OtTypes;
import java.util.List;
import java.util.Map;

/** Wire ops used by the benchmarks, and the types erased to Object for convenience. */
final class Ops {
  private Ops() {}

  @SuppressWarnings("unchecked")
  static OtType<Object, Object> type(String name) {
    return (OtType<Object, Object>) OtTypes.byName(name).orElseThrow();
  }

  /** One keystroke in the middle of paragraph {@code paragraph} of the json0 note. */
  static List<Object> json0Keystroke(int paragraph, int offset, String text) {
    return List.of(Map.of("p", List.of("body", paragraph, offset), "si", text));
  }

  /**
   * A typical multi-component json0 edit of {@code doc}: five characters of a paragraph replaced,
   * a counter bumped, a tag inserted.
   */
  @SuppressWarnings("unchecked")
  static List<Object> json0Edit(Map<String, Object> doc, int paragraph, int offset) {
    String text = (String) ((List<Object>) doc.get("body")).get(paragraph);
    return List.of(
        Map.of("p", List.of("body", paragraph, offset), "sd", text.substring(offset, offset + 5)),
        Map.of("p", List.of("body", paragraph, offset), "si", "edited"),
        Map.of("p", List.of("meta", "revision"), "na", 1),
        Map.of("p", List.of("meta", "tags", 1), "li", "reviewed"));
  }

  /** A text-unicode op that skips {@code at} code points and inserts {@code text}. */
  static List<Object> textInsert(int at, String text) {
    return List.of(at, text);
  }

  /** A text-unicode op that skips {@code at} code points and deletes {@code n}. */
  static List<Object> textDelete(int at, int n) {
    return List.of(at, Map.of("d", n));
  }
}
