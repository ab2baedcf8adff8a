package io.lockstep.common.ot.json0;

import io.lockstep.common.ot.InvalidOpException;
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
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * json0 ops as wire JSON (PROTOCOL.md: {@code [{"p":["title",0],"si":"Hi "}]}) and back. Parsing
 * checks structure only, never a document: the op is an array of objects; each has a path {@code p}
 * of strings and non-negative integers and exactly one instruction ({@code oi}, {@code od},
 * {@code oi}+{@code od}, {@code li}, {@code ld}, {@code li}+{@code ld}, {@code lm}, {@code na},
 * {@code si}, {@code sd} or {@code t: "text0"} with {@code o}) with values of the right types.
 * Unknown fields are ignored. Errors are {@link InvalidOpException}s naming the component's index and
 * path. Values are kept as unmodifiable copies, so later changes to the input cannot reach them.
 */
public final class Json0Codec {
  private static final List<String> INSTRUCTIONS = List.of("t", "na", "li", "ld", "lm", "oi", "od", "si", "sd");

  private Json0Codec() {}

  /** The op that {@code json} describes. */
  public static Json0Op parse(Object json) {
    if (!(json instanceof List<?> list)) {
      throw new InvalidOpException("a json0 op must be a JSON array of components, got " + JsonData.kindOf(json));
    }
    List<Json0Component> components = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      Object raw = list.get(i);
      if (!(raw instanceof Map<?, ?> map)) {
        throw new InvalidOpException("a component must be a JSON object, got " + JsonData.kindOf(raw), i, List.of());
      }
      try {
        components.add(parseComponent(map));
      } catch (InvalidOpException e) {
        throw e.at(i, map.get("p") instanceof List<?> p ? List.copyOf(nonNull(p)) : List.of());
      }
    }
    return new Json0Op(components);
  }

  /** {@code op} as wire JSON: a list of component objects. */
  public static List<Object> write(Json0Op op) {
    List<Object> out = new ArrayList<>(op.size());
    op.components().forEach(c -> out.add(write(c)));
    return out;
  }

  private static Json0Component parseComponent(Map<?, ?> map) {
    if (!(map.get("p") instanceof List<?> rawPath)) {
      throw new InvalidOpException(map.get("p") == null ? "missing path p" : "path p must be an array");
    }
    Path path = parsePath(rawPath);
    Set<String> present = new TreeSet<>();
    INSTRUCTIONS.stream().filter(map::containsKey).forEach(present::add);
    if (present.isEmpty()) {
      throw new InvalidOpException("missing instruction (one of " + INSTRUCTIONS + ")");
    }
    if (present.size() == 2 && (present.equals(Set.of("li", "ld")) || present.equals(Set.of("oi", "od")))) {
      return present.contains("li")
          ? new ListReplace(path, value(map, "ld"), value(map, "li"))
          : new ObjectReplace(path, value(map, "od"), value(map, "oi"));
    }
    if (present.size() > 1) {
      throw new InvalidOpException("a component holds one instruction, got " + present);
    }
    return parseSingle(present.iterator().next(), path, map);
  }

  private static Json0Component parseSingle(String instruction, Path path, Map<?, ?> map) {
    Object raw = map.get(instruction);
    return switch (instruction) {
      case "oi" -> new ObjectInsert(path, value(map, "oi"));
      case "od" -> new ObjectDelete(path, value(map, "od"));
      case "li" -> new ListInsert(path, value(map, "li"));
      case "ld" -> new ListDelete(path, value(map, "ld"));
      case "lm" -> new ListMove(path, index(raw, "lm"));
      case "na" -> new NumberAdd(path, number(raw));
      case "si" -> new StringInsert(path, string(raw, "si"));
      case "sd" -> new StringDelete(path, string(raw, "sd"));
      case "t" -> parseSubtype(path, map);
      default -> throw new AssertionError(instruction);
    };
  }

  private static Subtype parseSubtype(Path path, Map<?, ?> map) {
    Object type = map.get("t");
    if (!Subtype.TEXT0.equals(type)) {
      throw new InvalidOpException("unknown subtype " + type + " (json0 knows only \"text0\")");
    }
    if (!(map.get("o") instanceof List<?> rawEdits)) {
      throw new InvalidOpException("t: text0 needs o, an array of edits");
    }
    List<Text0Component> edits = new ArrayList<>(rawEdits.size());
    for (int i = 0; i < rawEdits.size(); i++) {
      try {
        edits.add(parseText0(rawEdits.get(i)));
      } catch (InvalidOpException e) {
        throw new InvalidOpException("text0 edit " + i + ": " + e.reason());
      }
    }
    return new Subtype(path, edits);
  }

  private static Text0Component parseText0(Object raw) {
    if (!(raw instanceof Map<?, ?> edit)) {
      throw new InvalidOpException("an edit must be an object, got " + JsonData.kindOf(raw));
    }
    int offset = index(edit.get("p"), "p");
    boolean inserts = edit.containsKey("i");
    if (inserts == edit.containsKey("d")) {
      throw new InvalidOpException("an edit needs exactly one of i (insert) and d (delete)");
    }
    return inserts ? new Insert(offset, string(edit.get("i"), "i")) : new Delete(offset, string(edit.get("d"), "d"));
  }

  private static Path parsePath(List<?> raw) {
    List<Object> elements = new ArrayList<>(raw.size());
    for (Object e : raw) {
      elements.add(e instanceof String key ? key : index(e, "path element"));
    }
    return new Path(elements);
  }

  /** A non-negative integral JSON number as an {@code int} (JSON has one number type, so {@code 2.0} is 2). */
  private static int index(Object raw, String what) {
    if (!(raw instanceof Number n) || !Double.isFinite(n.doubleValue())) {
      throw new InvalidOpException(what + " must be a non-negative integer, got " + describe(raw));
    }
    BigDecimal exact = new BigDecimal(n.toString());
    if (exact.signum() < 0) {
      throw new InvalidOpException(what + " cannot be negative, got " + raw);
    }
    try {
      return exact.intValueExact();
    } catch (ArithmeticException e) {
      throw new InvalidOpException(what + " must be an integer index, got " + raw);
    }
  }

  private static Number number(Object raw) {
    if (raw instanceof Number n && Double.isFinite(n.doubleValue())) {
      return n;
    }
    throw new InvalidOpException("na must be a finite number, got " + describe(raw));
  }

  private static String string(Object raw, String what) {
    if (raw instanceof String text) {
      return text;
    }
    throw new InvalidOpException(what + " must be a string, got " + describe(raw));
  }

  private static Object value(Map<?, ?> map, String key) {
    try {
      return JsonData.freeze(map.get(key));
    } catch (InvalidOpException e) {
      throw new InvalidOpException(key + " holds " + e.reason());
    }
  }

  private static String describe(Object raw) {
    return raw instanceof String text ? "\"" + text + "\"" : JsonData.kindOf(raw) + " " + raw;
  }

  private static List<Object> nonNull(List<?> path) {
    List<Object> out = new ArrayList<>(path.size());
    path.forEach(e -> out.add(e == null ? "null" : e));
    return out;
  }

  private static Map<String, Object> write(Json0Component c) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("p", c.path().elements());
    if (c instanceof ObjectInsert insert) {
      out.put("oi", insert.value());
    } else if (c instanceof ObjectDelete delete) {
      out.put("od", delete.value());
    } else if (c instanceof ObjectReplace replace) {
      out.put("od", replace.before());
      out.put("oi", replace.after());
    } else if (c instanceof ListInsert insert) {
      out.put("li", insert.value());
    } else if (c instanceof ListDelete delete) {
      out.put("ld", delete.value());
    } else if (c instanceof ListReplace replace) {
      out.put("ld", replace.before());
      out.put("li", replace.after());
    } else if (c instanceof ListMove move) {
      out.put("lm", move.to());
    } else if (c instanceof NumberAdd add) {
      out.put("na", add.amount());
    } else if (c instanceof StringInsert insert) {
      out.put("si", insert.text());
    } else if (c instanceof StringDelete delete) {
      out.put("sd", delete.text());
    } else if (c instanceof Subtype subtype) {
      out.put("t", Subtype.TEXT0);
      out.put("o", subtype.edits().stream().map(Json0Codec::write).toList());
    } else {
      throw new AssertionError(c);
    }
    return out;
  }

  private static Map<String, Object> write(Text0Component edit) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("p", edit.offset());
    if (edit instanceof Insert) {
      out.put("i", edit.text());
    } else if (edit instanceof Delete) {
      out.put("d", edit.text());
    } else {
      throw new AssertionError(edit);
    }
    return out;
  }
}
