package io.lockstep.common.crdt;

import io.lockstep.common.crdt.CrdtComponent.Add;
import io.lockstep.common.crdt.CrdtComponent.Assign;
import io.lockstep.common.crdt.CrdtComponent.Inc;
import io.lockstep.common.crdt.CrdtComponent.Remove;
import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.LockstepException;
import io.lockstep.common.util.Utf8;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CRDT ops as wire JSON and back.
 *
 * <p>An op is an array of components, each an object with {@code p}, a one-element array holding the
 * field name, and exactly one instruction: {@code inc} (an integer within ±(2^53−1)), {@code set} (any
 * JSON value, with an optional {@code t}: an integer from 0 to 2^53−1, in epoch ms), {@code add} or
 * {@code remove} (a set element: any JSON value). Components may repeat a field or an element: they
 * apply in order ({@link CrdtCommit}). Unknown fields are ignored, and so is an {@code rm} in a
 * submitted op: only the server says which adds a component takes away.
 *
 * <p>Malformed input is refused with {@code bad_request}; a field name, register value or set
 * element over its {@link CrdtLimits} with {@code too_large}. Messages name the component's index,
 * never its content.
 */
public final class CrdtOpCodec {
  private static final List<String> INSTRUCTIONS = List.of("inc", "set", "add", "remove");

  private CrdtOpCodec() {}

  /** A client's op, checked against {@code limits}; any {@code rm} it carries is ignored. */
  public static CrdtOp parseSubmitted(Object json, CrdtLimits limits) {
    return parse(json, limits);
  }

  /** A committed op as stored or sent to subscribers, {@code rm} lists included (limits were checked at commit). */
  public static CrdtOp parseCommitted(Object json) {
    return parse(json, null);
  }

  /** {@code op} as wire JSON; {@code add} and {@code remove} components carry their {@code rm} list. */
  public static List<Object> write(CrdtOp op) {
    List<Object> out = new ArrayList<>(op.components().size());
    for (CrdtComponent c : op.components()) {
      Map<String, Object> component = new LinkedHashMap<>();
      component.put("p", List.of(c.field()));
      if (c instanceof Inc inc) {
        component.put("inc", inc.amount());
      } else if (c instanceof Assign assign) {
        component.put("set", assign.value());
        if (assign.t() != null) {
          component.put("t", assign.t());
        }
      } else if (c instanceof Add add) {
        component.put("add", add.element());
        component.put("rm", add.rm());
      } else {
        Remove remove = (Remove) c;
        component.put("remove", remove.element());
        component.put("rm", remove.rm());
      }
      out.add(component);
    }
    return out;
  }

  private static CrdtOp parse(Object json, CrdtLimits limits) {
    if (!(json instanceof List<?> list)) {
      throw bad("a crdt op must be an array of components");
    }
    List<CrdtComponent> components = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      components.add(component(i, list.get(i), limits));
    }
    return new CrdtOp(components);
  }

  private static CrdtComponent component(int i, Object raw, CrdtLimits limits) {
    if (!(raw instanceof Map<?, ?> map)) {
      throw bad("component " + i + " must be an object");
    }
    String field = field(i, map.get("p"), limits);
    List<String> present = INSTRUCTIONS.stream().filter(map::containsKey).toList();
    if (present.size() != 1) {
      throw bad("component " + i + " needs exactly one of inc, set, add, remove");
    }
    String instruction = present.get(0);
    Object operand = map.get(instruction);
    return switch (instruction) {
      case "inc" -> new Inc(field, safeInteger(i, "inc", operand));
      case "set" -> new Assign(field, value(i, operand, false, limits),
          map.get("t") == null ? null : clock(i, map.get("t")));
      case "add" -> {
        Object element = value(i, operand, true, limits);
        yield new Add(field, element, CanonicalJson.text(element), limits == null ? rm(i, map.get("rm")) : List.of());
      }
      default -> {
        Object element = value(i, operand, true, limits);
        yield new Remove(field, element, CanonicalJson.text(element), limits == null ? rm(i, map.get("rm")) : List.of());
      }
    };
  }

  private static String field(int i, Object p, CrdtLimits limits) {
    if (!(p instanceof List<?> path) || path.size() != 1 || !(path.get(0) instanceof String name) || name.isEmpty()) {
      throw bad("component " + i + ": p must be an array holding one non-empty field name");
    }
    if (limits != null && Utf8.length(name) > limits.maxFieldNameBytes()) {
      throw tooLarge("component " + i + ": a field name holds at most " + limits.maxFieldNameBytes() + " bytes");
    }
    return name;
  }

  private static Object value(int i, Object raw, boolean setElement, CrdtLimits limits) {
    Object frozen;
    try {
      frozen = CanonicalJson.freeze(raw, setElement);
    } catch (IllegalArgumentException e) {
      throw bad("component " + i + ": " + e.getMessage());
    }
    if (limits != null && Utf8.length(CanonicalJson.text(frozen)) > limits.maxValueBytes()) {
      throw tooLarge("component " + i + ": a " + (setElement ? "set element" : "register value")
          + " holds at most " + limits.maxValueBytes() + " bytes of JSON");
    }
    return frozen;
  }

  private static long clock(int i, Object raw) {
    long t = safeInteger(i, "t", raw);
    if (t < 0) {
      throw bad("component " + i + ": t must be at least 0");
    }
    return t;
  }

  private static List<Long> rm(int i, Object raw) {
    if (raw == null) {
      return List.of();
    }
    if (!(raw instanceof List<?> versions)) {
      throw bad("component " + i + ": rm must be an array of versions");
    }
    List<Long> out = new ArrayList<>(versions.size());
    for (Object v : versions) {
      long version = safeInteger(i, "rm", v);
      if (version < 1) {
        throw bad("component " + i + ": rm holds versions of at least 1");
      }
      out.add(version);
    }
    return out;
  }

  /** An integral JSON number within ±(2^53−1) ({@code 3.0} is 3). */
  private static long safeInteger(int i, String name, Object raw) {
    String problem = "component " + i + ": " + name + " must be an integer within ±(2^53-1)";
    if (!(raw instanceof Number n) || !Double.isFinite(n.doubleValue())) {
      throw bad(problem);
    }
    try {
      long value = new BigDecimal(n.toString()).longValueExact();
      if (value > CanonicalJson.MAX_SAFE_INTEGER || value < -CanonicalJson.MAX_SAFE_INTEGER) {
        throw bad(problem);
      }
      return value;
    } catch (ArithmeticException | NumberFormatException e) {
      throw bad(problem);
    }
  }

  private static LockstepException bad(String message) {
    return new LockstepException(ErrorCode.BAD_REQUEST, message);
  }

  private static LockstepException tooLarge(String message) {
    return new LockstepException(ErrorCode.TOO_LARGE, message);
  }
}
