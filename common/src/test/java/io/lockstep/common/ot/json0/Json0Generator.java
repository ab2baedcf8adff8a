package io.lockstep.common.ot.json0;

import io.lockstep.common.ot.json0.Json0Component.ListDelete;
import io.lockstep.common.ot.json0.Json0Component.ListInsert;
import io.lockstep.common.ot.json0.Json0Component.ListMove;
import io.lockstep.common.ot.json0.Json0Component.ListReplace;
import io.lockstep.common.ot.json0.Json0Component.NumberAdd;
import io.lockstep.common.ot.json0.Json0Component.ObjectDelete;
import io.lockstep.common.ot.json0.Json0Component.ObjectInsert;
import io.lockstep.common.ot.json0.Json0Component.ObjectReplace;
import io.lockstep.common.ot.json0.Json0Component.StringDelete;
import io.lockstep.common.ot.json0.Json0Component.StringInsert;
import io.lockstep.common.ot.json0.Json0Component.Subtype;
import io.lockstep.common.ot.json0.Text0Component.Delete;
import io.lockstep.common.ot.json0.Text0Component.Insert;
import io.lockstep.common.ot.rope.Rope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Builds random documents and random ops that are valid on them out of {@link Choices}: every
 * component is chosen against the document as the components before it left it, so deleted values
 * ({@code od}, {@code ld}) always match. Documents mix objects, lists, strings with astral-plane
 * characters (offsets may split their surrogate pairs), numbers (integers and exact binary
 * fractions), booleans and nulls. String edits use one form per generator, {@code si}/{@code sd} or
 * {@code t: "text0"}: the reference does not transform one form against the other (see
 * shared/conformance/README.md), so concurrent ops must agree on it.
 */
final class Json0Generator {
  private static final List<String> KEYS = List.of("a", "b", "c", "0", "é", "🔑", "");
  private static final List<String> CHARS = List.of("a", "b", "😀", "é", " ", "x");

  private final Choices choices;
  private final boolean text0Form;

  Json0Generator(Choices choices, boolean text0Form) {
    this.choices = choices;
    this.text0Form = text0Form;
  }

  /** A document: mostly an object, sometimes a list, a string or a number at the root. */
  Object document() {
    int kind = choices.below(10);
    if (kind == 7) {
      return list(1);
    }
    if (kind == 8) {
      return text(6);
    }
    if (kind == 9) {
      return number();
    }
    return object(1);
  }

  /** An op of 1 to {@code maxComponents} components, valid on {@code doc}. */
  Json0Op op(Object doc, int maxComponents) {
    return op(doc, maxComponents, List.of());
  }

  /**
   * An op valid on {@code doc} that often edits one of the {@code focus} nodes (when they exist), so
   * that an op made concurrently with another one conflicts with it more often than by chance.
   */
  Json0Op op(Object doc, int maxComponents, List<Path> focus) {
    int count = 1 + choices.below(maxComponents);
    List<Json0Component> components = new ArrayList<>(count);
    Object current = doc;
    Path previous = null;
    for (int i = 0; i < count; i++) {
      // Often stay on the node the previous component edited, so compose and normalize find
      // neighbours to merge.
      Path near = previous != null && choices.percent(40) ? previous : null;
      if (near == null && !focus.isEmpty() && choices.percent(50)) {
        near = choices.oneOf(focus);
      }
      Json0Component c = component(current, near);
      components.add(c);
      current = Json0Apply.apply(current, c);
      previous = target(c);
    }
    return new Json0Op(components);
  }

  private Json0Component component(Object doc, Path near) {
    List<Node> nodes = nodes(doc);
    Node chosen = near != null ? nodes.stream().filter(n -> n.path.equals(near)).findFirst().orElse(null) : null;
    for (int attempt = 0; attempt < 8; attempt++) {
      Node node = chosen != null && attempt == 0 ? chosen : nodes.get(choices.below(nodes.size()));
      List<Supplier<Json0Component>> options = options(node);
      if (node.path.isRoot() && choices.percent(5)) {
        options.add(() -> new ObjectReplace(Path.root(), node.value, choices.percent(50) ? object(2) : list(2)));
      }
      if (!options.isEmpty()) {
        return choices.oneOf(options).get();
      }
    }
    return new ObjectReplace(Path.root(), doc, object(2));
  }

  private List<Supplier<Json0Component>> options(Node node) {
    List<Supplier<Json0Component>> options = new ArrayList<>();
    Path path = node.path;
    Object value = node.value;
    if (value instanceof Map<?, ?> map) {
      List<String> free = KEYS.stream().filter(k -> !map.containsKey(k)).toList();
      if (!free.isEmpty()) {
        options.add(() -> new ObjectInsert(path.child(choices.oneOf(free)), value(2)));
      }
      if (!map.isEmpty()) {
        List<String> keys = map.keySet().stream().map(String.class::cast).toList();
        options.add(() -> {
          String key = choices.oneOf(keys);
          return new ObjectDelete(path.child(key), map.get(key));
        });
        options.add(() -> {
          String key = choices.oneOf(keys);
          return new ObjectReplace(path.child(key), map.get(key), value(2));
        });
      }
    } else if (value instanceof List<?> list) {
      listOptions(options, path, list);
    } else if (value instanceof String text) {
      options.add(() -> text0Form ? new Subtype(path, textEdits(text)) : stringEdit(path, text));
    } else if (value instanceof Number) {
      options.add(() -> new NumberAdd(path, number()));
    }
    return options;
  }

  private void listOptions(List<Supplier<Json0Component>> options, Path path, List<?> list) {
    int size = list.size();
    options.add(() -> new ListInsert(path.child(choices.below(size + 1)), value(2)));
    if (size == 0) {
      return;
    }
    options.add(() -> {
      int i = choices.below(size);
      return new ListDelete(path.child(i), list.get(i));
    });
    options.add(() -> {
      int i = choices.below(size);
      return new ListReplace(path.child(i), list.get(i), value(2));
    });
    options.add(() -> new ListMove(path.child(choices.below(size)), choices.below(size)));
  }

  private Json0Component stringEdit(Path path, String text) {
    Text0Component edit = textEdit(text);
    Path at = path.child(edit.offset());
    return edit instanceof Insert ? new StringInsert(at, edit.text()) : new StringDelete(at, edit.text());
  }

  private List<Text0Component> textEdits(String text) {
    int count = 1 + choices.below(3);
    List<Text0Component> edits = new ArrayList<>(count);
    String current = text;
    for (int i = 0; i < count; i++) {
      Text0Component edit = textEdit(current);
      edits.add(edit);
      current = Text0.apply(Rope.of(current), List.of(edit)).toString();
    }
    return edits;
  }

  /** An insert anywhere (also inside a surrogate pair) or a delete of 1 to 4 code units. */
  private Text0Component textEdit(String text) {
    int length = text.length();
    if (length == 0 || choices.percent(50)) {
      int at = choices.below(length + 1);
      String inserted = text(3);
      return new Insert(at, inserted.isEmpty() ? "z" : inserted);
    }
    int start = choices.below(length);
    int end = choices.between(start + 1, Math.min(length, start + 4));
    return new Delete(start, text.substring(start, end));
  }

  /** Any JSON value; containers only above {@code depth} 3. */
  Object value(int depth) {
    return switch (choices.below(depth >= 3 ? 4 : 6)) {
      case 0 -> number();
      case 1 -> text(4);
      case 2 -> choices.percent(50);
      case 3 -> null;
      case 4 -> list(depth + 1);
      default -> object(depth + 1);
    };
  }

  private Map<String, Object> object(int depth) {
    Map<String, Object> out = new LinkedHashMap<>();
    int size = choices.below(depth <= 1 ? 5 : 3) + (depth <= 1 ? 1 : 0);
    for (int i = 0; i < size; i++) {
      out.put(choices.oneOf(KEYS), value(depth));
    }
    return out;
  }

  private List<Object> list(int depth) {
    List<Object> out = new ArrayList<>();
    int size = choices.below(depth <= 1 ? 6 : 4);
    for (int i = 0; i < size; i++) {
      out.add(value(depth));
    }
    return out;
  }

  private String text(int maxChars) {
    StringBuilder out = new StringBuilder();
    int count = choices.below(maxChars + 1);
    for (int i = 0; i < count; i++) {
      out.append(choices.oneOf(CHARS));
    }
    return out.toString();
  }

  /** A small integer or an exact binary fraction, so sums are exact in any order. */
  private Number number() {
    int n = choices.between(-8, 8);
    return choices.percent(30) ? n / 4.0 : n;
  }

  /** The nodes the components of {@code op} edit. */
  static List<Path> targets(Json0Op op) {
    return op.components().stream().map(Json0Generator::target).toList();
  }

  /** The node a component edits: its container for list/object/si/sd instructions, the value itself for na/t. */
  private static Path target(Json0Component c) {
    if (c instanceof NumberAdd || c instanceof Subtype || c.path().isRoot()) {
      return c.path();
    }
    return c.path().parent();
  }

  private record Node(Path path, Object value) {}

  private static List<Node> nodes(Object doc) {
    List<Node> out = new ArrayList<>();
    collect(Path.root(), doc, out);
    return out;
  }

  private static void collect(Path path, Object value, List<Node> out) {
    out.add(new Node(path, value));
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> collect(path.child(k), v, out));
    } else if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        collect(path.child(i), list.get(i), out);
      }
    }
  }
}
