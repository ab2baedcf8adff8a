package io.lockstep.sync.convergence;

import io.lockstep.common.ot.OtType;
import io.lockstep.common.ot.registry.OtTypes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Random json0 edits on documents shaped {@code {"text": "…", "list": [...], "n": 0, "map": {...}}}:
 * {@code si}/{@code sd} on the text and on strings inside the list, {@code li}/{@code ld}/
 * {@code li+ld}/{@code lm} on the list, {@code oi}/{@code od}/{@code oi+od} on the map's keys,
 * {@code na} on the number and on numbers inside the list. An op has one to three components, each
 * made against the document as the components before it left it. The four root keys are never
 * deleted, so every client can always edit each part. Strings stay in the BMP (json0 offsets
 * count UTF-16 units; splitting a pair is a separate matter).
 */
final class Json0Edits implements RandomEdits {
  private static final String[] LETTERS = {"a", "b", "c", "é", "ß", "中", "z"};
  private static final String[] KEYS = {"k0", "k1", "k2", "k3", "k4", "k5"};

  @SuppressWarnings("unchecked")
  private static final OtType<Object, Object> JSON0 = (OtType<Object, Object>) OtTypes.byName("json0").orElseThrow();

  @Override
  public Object initialData() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("text", "hello");
    data.put("list", List.of("a", "b", 1));
    data.put("n", 0);
    data.put("map", Map.of("k0", "v"));
    return data;
  }

  @Override
  public Object next(Object doc, Random rnd) {
    int count = rnd.nextInt(4) == 0 ? 2 + rnd.nextInt(2) : 1;
    List<Object> op = new ArrayList<>();
    Object current = doc;
    for (int i = 0; i < count; i++) {
      Map<String, Object> component = component((Map<?, ?>) current, rnd);
      op.add(component);
      current = JSON0.writeSnapshot(JSON0.apply(current, JSON0.parseOp(List.of(component))));
    }
    return op;
  }

  private static Map<String, Object> component(Map<?, ?> doc, Random rnd) {
    String text = (String) doc.get("text");
    List<?> list = (List<?>) doc.get("list");
    Map<?, ?> map = (Map<?, ?>) doc.get("map");
    while (true) {
      int roll = rnd.nextInt(100);
      if (roll < 14 && text.length() <= 60) {
        int at = rnd.nextInt(text.length() + 1);
        return c(List.of("text", at), "si", word(rnd));
      }
      if (roll < 24 && !text.isEmpty()) {
        return stringDelete(List.of("text"), text, rnd);
      }
      if (roll < 36 && list.size() < 14) {
        return c(List.of("list", rnd.nextInt(list.size() + 1)), "li", value(rnd));
      }
      if (roll < 44 && !list.isEmpty()) {
        int at = rnd.nextInt(list.size());
        return c(List.of("list", at), "ld", list.get(at));
      }
      if (roll < 50 && !list.isEmpty()) {
        int at = rnd.nextInt(list.size());
        Map<String, Object> replace = c(List.of("list", at), "ld", list.get(at));
        replace.put("li", value(rnd));
        return replace;
      }
      if (roll < 58 && list.size() >= 2) {
        int from = rnd.nextInt(list.size());
        int to = (from + 1 + rnd.nextInt(list.size() - 1)) % list.size();
        return c(List.of("list", from), "lm", to);
      }
      if (roll < 70) {
        String key = KEYS[rnd.nextInt(KEYS.length)];
        Map<String, Object> insert = c(List.of("map", key), "oi", value(rnd));
        if (map.containsKey(key)) {
          insert.put("od", map.get(key));
        }
        return insert;
      }
      if (roll < 76 && !map.isEmpty()) {
        List<?> keys = new ArrayList<>(map.keySet());
        Object key = keys.get(rnd.nextInt(keys.size()));
        return c(List.of("map", key), "od", map.get(key));
      }
      if (roll < 84) {
        return c(List.of("n"), "na", amount(rnd));
      }
      if (roll < 100 && !list.isEmpty()) {
        int at = rnd.nextInt(list.size());
        Object element = list.get(at);
        if (element instanceof Number) {
          return c(List.of("list", at), "na", amount(rnd));
        }
        if (element instanceof String s) {
          if (s.isEmpty() || s.length() < 20 && rnd.nextBoolean()) {
            return c(List.of("list", at, rnd.nextInt(s.length() + 1)), "si", word(rnd));
          }
          return stringDelete(List.of("list", at), s, rnd);
        }
      }
    }
  }

  private static Map<String, Object> stringDelete(List<Object> path, String s, Random rnd) {
    int at = rnd.nextInt(s.length());
    int n = 1 + rnd.nextInt(Math.min(4, s.length() - at));
    List<Object> full = new ArrayList<>(path);
    full.add(at);
    return c(full, "sd", s.substring(at, at + n));
  }

  private static Map<String, Object> c(List<?> path, String instruction, Object value) {
    Map<String, Object> component = new LinkedHashMap<>();
    component.put("p", new ArrayList<>(path));
    component.put(instruction, value);
    return component;
  }

  private static Object value(Random rnd) {
    return rnd.nextInt(3) == 0 ? rnd.nextInt(100) : word(rnd);
  }

  private static int amount(Random rnd) {
    int n = 1 + rnd.nextInt(5);
    return rnd.nextBoolean() ? n : -n;
  }

  static String word(Random rnd) {
    StringBuilder out = new StringBuilder();
    int n = 1 + rnd.nextInt(3);
    for (int i = 0; i < n; i++) {
      out.append(LETTERS[rnd.nextInt(LETTERS.length)]);
    }
    return out.toString();
  }
}
