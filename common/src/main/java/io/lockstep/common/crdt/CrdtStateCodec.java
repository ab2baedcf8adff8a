package io.lockstep.common.crdt;

import io.lockstep.common.crdt.FieldState.AddTag;
import io.lockstep.common.crdt.FieldState.Counter;
import io.lockstep.common.crdt.FieldState.Element;
import io.lockstep.common.crdt.FieldState.ElementSet;
import io.lockstep.common.crdt.FieldState.Register;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The state of a CRDT document as snapshot {@code data} (docs/protocol.md, "CRDT documents"): an
 * object with one entry per field, in field name order:
 *
 * <ul>
 *   <li>counter: {@code {"k":"counter","n":5}}
 *   <li>register: {@code {"k":"register","val":<json>,"t":<ms>,"src":"c-1","v":12}} ({@code src} null
 *       for a server-side edit)
 *   <li>set: {@code {"k":"set","e":[{"val":<json>,"adds":[[3,"c-1"],[9,"c-2"]]},…]}}, elements sorted
 *       by their canonical JSON text, each with its live adds as {@code [version, src]}, oldest first
 * </ul>
 *
 * <p>Only gap-free states are encoded (the version is the snapshot's {@code v}, beside the data).
 * Reading checks the structure and throws {@link IllegalArgumentException} on anything else.
 */
public final class CrdtStateCodec {
  private CrdtStateCodec() {}

  /** The state as snapshot data. */
  public static Map<String, Object> write(CrdtState state) {
    if (!state.gapFree()) {
      throw new IllegalStateException("only a gap-free state is a snapshot");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    state.fields().forEach((name, field) -> out.put(name, write(field)));
    return out;
  }

  private static Map<String, Object> write(FieldState field) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("k", field.kind().wire());
    if (field instanceof Counter counter) {
      out.put("n", counter.n());
    } else if (field instanceof Register register) {
      out.put("val", register.value());
      out.put("t", register.t());
      out.put("src", register.src());
      out.put("v", register.v());
    } else {
      List<Object> elements = new ArrayList<>();
      for (Element element : ((ElementSet) field).elements().values()) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("val", element.value());
        e.put("adds", element.adds().stream().map(tag -> tagJson(tag)).toList());
        elements.add(e);
      }
      out.put("e", elements);
    }
    return out;
  }

  private static List<Object> tagJson(AddTag tag) {
    List<Object> out = new ArrayList<>(2);
    out.add(tag.v());
    out.add(tag.src());
    return out;
  }

  /** The gap-free state at version {@code v} that {@code data} encodes. */
  public static CrdtState read(Object data, long v) {
    if (!(data instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException("crdt data must be an object");
    }
    Map<String, FieldState> fields = new TreeMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getKey() instanceof String name) || !(e.getValue() instanceof Map<?, ?> field)) {
        throw new IllegalArgumentException("each crdt field is an object");
      }
      fields.put(name, readField(field, v));
    }
    return CrdtState.of(v, fields);
  }

  private static FieldState readField(Map<?, ?> field, long v) {
    FieldKind kind = FieldKind.fromWire(field.get("k"));
    if (kind == null) {
      throw new IllegalArgumentException("unknown crdt field kind");
    }
    return switch (kind) {
      case COUNTER -> new Counter(integer(field.get("n")));
      case REGISTER -> new Register(CanonicalJson.freeze(field.get("val"), false), integer(field.get("t")),
          src(field.get("src")), version(field.get("v"), v));
      case SET -> readSet(field.get("e"), v);
    };
  }

  private static ElementSet readSet(Object raw, long v) {
    if (!(raw instanceof List<?> list)) {
      throw new IllegalArgumentException("a set's e is an array");
    }
    NavigableMap<String, Element> elements = new TreeMap<>();
    for (Object item : list) {
      if (!(item instanceof Map<?, ?> element) || !(element.get("adds") instanceof List<?> adds) || adds.isEmpty()) {
        throw new IllegalArgumentException("a set element is {\"val\":…,\"adds\":[[v,src],…]}");
      }
      Object value = CanonicalJson.freeze(element.get("val"), true);
      List<AddTag> tags = new ArrayList<>(adds.size());
      for (Object add : adds) {
        if (!(add instanceof List<?> pair) || pair.size() != 2) {
          throw new IllegalArgumentException("an add is [v, src]");
        }
        tags.add(new AddTag(version(pair.get(0), v), src(pair.get(1))));
      }
      tags.sort((a, b) -> Long.compare(a.v(), b.v()));
      if (elements.put(CanonicalJson.text(value), new Element(value, tags)) != null) {
        throw new IllegalArgumentException("a set lists an element twice");
      }
    }
    return new ElementSet(elements);
  }

  private static long version(Object raw, long snapshotV) {
    long version = integer(raw);
    if (version < 1 || version > snapshotV) {
      throw new IllegalArgumentException("a version in crdt data is between 1 and the snapshot's version");
    }
    return version;
  }

  private static long integer(Object raw) {
    if (raw instanceof Number n && CanonicalJson.freeze(n, false) instanceof Long value) {
      return value;
    }
    throw new IllegalArgumentException("expected an integer in crdt data");
  }

  private static String src(Object raw) {
    if (raw == null || raw instanceof String) {
      return (String) raw;
    }
    throw new IllegalArgumentException("a src in crdt data is a string or null");
  }
}
