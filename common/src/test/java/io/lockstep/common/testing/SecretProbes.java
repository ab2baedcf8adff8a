package io.lockstep.common.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Attack material for "errors never echo document content" (issue 13 item 2): documents holding a
 * secret written in capitals, the op that a legitimate writer commits first (it deletes the start of
 * the secret, so an attacker's stale op is transformed against secret text), and generated ops that
 * do not apply to those documents, written in lower case only. Any five-letter window of the secret
 * found in an error therefore came from the document, never from the attacker's own op.
 */
public final class SecretProbes {
  /** Capitals and spaces only; the probes never contain a capital letter. */
  public static final String SECRET = "SALARY TABLE QZXJVKWP HIDDEN";
  private static final int WINDOW = 5;
  private static final int DELETED = "SALARY ".length();

  private SecretProbes() {}

  /** json0 document data holding the secret in a string, in a list and deeper in an object. */
  public static Map<String, Object> json0Data() {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("k", SECRET);
    Map<String, Object> hr = new LinkedHashMap<>();
    hr.put("salary", SECRET);
    hr.put("list", new ArrayList<>(List.of(SECRET, inner)));
    hr.put("n", 5);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("hr", hr);
    return data;
  }

  /** text-unicode document data: the secret. */
  public static String textData() {
    return SECRET;
  }

  /** The json0 op committed at version 1: deletes the secret's first word from {@code hr.salary}. */
  public static List<Object> json0FirstEdit() {
    return List.of(component(List.of("hr", "salary", 0), "sd", SECRET.substring(0, DELETED)));
  }

  /** The text-unicode op committed at version 1: deletes the secret's first word. */
  public static List<Object> textFirstEdit() {
    return List.of(Map.of("d", SECRET.substring(0, DELETED)));
  }

  /**
   * {@code count} json0 ops, each refused by the document at version 1 or at version 2 (after
   * {@link #json0FirstEdit()}), whichever it is submitted against: mismatched string deletes (also
   * overlapping the committed delete, so a transform sees both texts), inserts past the end, paths
   * into strings and numbers, missing keys, out-of-range indexes, and type mismatches.
   */
  public static List<List<Object>> invalidJson0Ops(long seed, int count) {
    Random random = new Random(seed);
    List<List<Object>> ops = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ops.add(List.of(invalidJson0Component(random)));
    }
    return ops;
  }

  /** {@code count} text-unicode ops refused by the document at version 1 or 2. */
  public static List<List<Object>> invalidTextOps(long seed, int count) {
    Random random = new Random(seed);
    List<List<Object>> ops = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ops.add(invalidTextOp(random));
    }
    return ops;
  }

  /** The first five-letter window of the secret that {@code text} contains, or null when none. */
  public static String leakIn(String text) {
    for (int i = 0; i + WINDOW <= SECRET.length(); i++) {
      String window = SECRET.substring(i, i + WINDOW);
      if (text.contains(window)) {
        return window;
      }
    }
    return null;
  }

  private static Map<String, Object> invalidJson0Component(Random random) {
    String junk = lower(random, 1 + random.nextInt(40));
    switch (random.nextInt(12)) {
      case 0: // a delete whose text differs from the string (longer than it, sometimes)
        return component(List.of("hr", "salary", random.nextInt(SECRET.length())), "sd", junk);
      case 1: // overlaps the committed delete: transformed, the two deletes disagree
        return component(List.of("hr", "salary", random.nextInt(DELETED)), "sd", "z" + junk);
      case 2:
        return subtype(List.of("hr", "list", 0), Map.of("p", random.nextInt(SECRET.length()), "d", "z" + junk));
      case 3:
        return component(List.of("hr", "salary", SECRET.length() + 1 + random.nextInt(50)), "si", junk);
      case 4: // a path through a string
        return component(List.of("hr", "salary", junk), "oi", junk);
      case 5:
        return component(List.of("hr", "list", 5 + random.nextInt(100)), "ld", junk);
      case 6:
        return component(List.of("hr", "salary"), "na", 1 + random.nextInt(9));
      case 7:
        return component(List.of("hr", "list", 1, "k"), "oi", junk);
      case 8:
        return component(List.of("hr", "missing-" + junk, "x"), "oi", junk);
      case 9:
        return component(List.of("hr", "n", 0), "si", junk);
      case 10:
        return component(List.of("hr", "list", 0, 0), "li", junk);
      default:
        return subtype(List.of("hr", "list", 1, "k"), Map.of("p", SECRET.length() + 2, "i", junk));
    }
  }

  private static List<Object> invalidTextOp(Random random) {
    String junk = lower(random, 1 + random.nextInt(40));
    switch (random.nextInt(5)) {
      case 0: // a delete whose text differs from the document
        return List.of(1 + random.nextInt(SECRET.length() - 2), Map.of("d", "z" + junk));
      case 1: // overlaps the committed delete
        return List.of(Map.of("d", "z" + junk));
      case 2: // runs past the end
        return List.of(Map.of("d", SECRET.length() + 1 + random.nextInt(50)));
      case 3:
        return List.of(SECRET.length() + 1 + random.nextInt(50), junk);
      default:
        return List.of(random.nextInt(5) + 1, Map.of("d", SECRET.length() * 2 + random.nextInt(10)));
    }
  }

  private static Map<String, Object> component(List<Object> path, String instruction, Object value) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("p", path);
    c.put(instruction, value);
    return c;
  }

  private static Map<String, Object> subtype(List<Object> path, Map<String, Object> edit) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("p", path);
    c.put("t", "text0");
    c.put("o", List.of(edit));
    return c;
  }

  private static String lower(Random random, int length) {
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append((char) ('a' + random.nextInt(26)));
    }
    return out.toString();
  }
}
