package io.lockstep.common.crdt;

import io.lockstep.common.crdt.CrdtComponent.Add;
import io.lockstep.common.crdt.CrdtComponent.Assign;
import io.lockstep.common.crdt.CrdtComponent.Inc;
import io.lockstep.common.crdt.CrdtComponent.Remove;
import io.lockstep.common.crdt.FieldState.AddTag;
import io.lockstep.common.crdt.FieldState.Counter;
import io.lockstep.common.crdt.FieldState.Element;
import io.lockstep.common.crdt.FieldState.ElementSet;
import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.LockstepException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Turns a submitted CRDT op into the op the server commits, against the document as it stands
 * just before the op's version. Nothing is transformed and no base version is too old: the base only
 * says what the author had seen. The server:
 *
 * <ul>
 *   <li>refuses a component on a field of another kind ({@code invalid_op}), and an op that would
 *       pass a limit: field count, set size, a counter beyond ±(2^53−1) ({@code too_large});
 *   <li>gives each assignment its {@code t}: the author's, lowered to at most the server's clock plus
 *       {@link CrdtLimits#clockAheadMs}, or the server's clock when the author gave none;
 *   <li>fills each set component's {@code rm}: for a {@code remove}, the element's adds that the
 *       author had seen (committed at versions up to the base, or made by the same {@code src});
 *       for an {@code add}, the same author's earlier adds of that element, which the new add
 *       replaces (any remove that would take the new add away takes those too, so the set's value
 *       is the same; it keeps one add per author instead of one per click).
 * </ul>
 *
 * <p>Components apply in order, as consecutive ops by the same author against the same base would:
 * each sees the set as the op's earlier components left it, and the op's own adds (made at its
 * version {@code V}) count as the author's. So {@code add x, remove x} leaves x removed (the remove's
 * {@code rm} names {@code V}), {@code remove x, add x} leaves x added, and a second {@code add x}
 * replaces the first (its {@code rm} names {@code V}): an element has at most one add of version
 * {@code V} at any point, so the version still identifies each add.
 */
public final class CrdtCommit {
  private CrdtCommit() {}

  /**
   * The committed form of {@code submitted}.
   *
   * @param state the document just before this op (gap-free, at version {@code version - 1})
   * @param base the version the author had seen (the op's {@code v}), at most the state's version
   * @param src the author, or null for a server-side edit (whose only own adds are this op's)
   * @param nowMs the server's clock
   */
  public static CrdtOp commit(CrdtState state, CrdtOp submitted, long base, String src, long nowMs, CrdtLimits limits) {
    if (!state.gapFree() || base > state.version()) {
      throw new IllegalArgumentException("commit needs the gap-free state the base " + base + " is within");
    }
    Running running = new Running(state, base, src, state.version() + 1);
    Map<String, FieldKind> kinds = new HashMap<>();
    List<CrdtComponent> out = new ArrayList<>(submitted.components().size());
    for (int i = 0; i < submitted.components().size(); i++) {
      CrdtComponent c = submitted.components().get(i);
      FieldState field = state.field(c.field());
      FieldKind kind = kinds.computeIfAbsent(c.field(), f -> field == null ? c.kind() : field.kind());
      if (kind != c.kind()) {
        throw new LockstepException(ErrorCode.INVALID_OP,
            "component " + i + ": the field is a " + kind.wire() + ", not a " + c.kind().wire());
      }
      out.add(running.committed(i, c, nowMs, limits));
    }
    long fieldCount = state.fields().size() + kinds.keySet().stream().filter(f -> state.field(f) == null).count();
    if (fieldCount > limits.maxFields()) {
      throw new LockstepException(ErrorCode.TOO_LARGE, "a crdt document holds at most " + limits.maxFields() + " fields");
    }
    running.checkSetSizes(limits);
    return new CrdtOp(out);
  }

  /** The fields the op has changed so far, as its earlier components left them. */
  private static final class Running {
    private final CrdtState state;
    private final long base;
    private final String src;
    private final long v;
    private final Map<String, Long> counters = new HashMap<>();
    /** Per set field: each element the op touched, with its adds as the op left them (empty: not in the set). */
    private final Map<String, Map<String, List<AddTag>>> sets = new HashMap<>();
    /** Per set field: the last component that added an element, named when the set grows too large. */
    private final Map<String, Integer> lastAdd = new HashMap<>();

    Running(CrdtState state, long base, String src, long v) {
      this.state = state;
      this.base = base;
      this.src = src;
      this.v = v;
    }

    CrdtComponent committed(int i, CrdtComponent c, long nowMs, CrdtLimits limits) {
      if (c instanceof Inc inc) {
        long before = counters.computeIfAbsent(inc.field(), f -> state.field(f) == null ? 0 : ((Counter) state.field(f)).n());
        long after = before + inc.amount(); // both within ±(2^53-1): cannot overflow a long
        if (after > CanonicalJson.MAX_SAFE_INTEGER || after < -CanonicalJson.MAX_SAFE_INTEGER) {
          throw new LockstepException(ErrorCode.TOO_LARGE, "component " + i + ": the counter would pass ±(2^53-1)");
        }
        counters.put(inc.field(), after);
        return inc;
      }
      if (c instanceof Assign assign) {
        long ceiling = nowMs + limits.clockAheadMs();
        return new Assign(assign.field(), assign.value(), assign.t() == null ? nowMs : Math.min(assign.t(), ceiling));
      }
      if (c instanceof Add add) {
        List<AddTag> adds = adds(add.field(), add.key());
        List<Long> replaced = take(adds, tag -> own(tag));
        adds.add(new AddTag(v, src));
        lastAdd.put(add.field(), i);
        return new Add(add.field(), add.element(), add.key(), replaced);
      }
      Remove remove = (Remove) c;
      List<Long> taken = take(adds(remove.field(), remove.key()), tag -> tag.v() <= base || own(tag));
      return new Remove(remove.field(), remove.element(), remove.key(), taken);
    }

    /** An add by this op's author: made earlier in this op, or a committed add with the same {@code src}. */
    private boolean own(AddTag tag) {
      return tag.v() == v || src != null && src.equals(tag.src());
    }

    private List<AddTag> adds(String field, String key) {
      return sets.computeIfAbsent(field, f -> new HashMap<>()).computeIfAbsent(key, k -> {
        ElementSet set = (ElementSet) state.field(field);
        Element element = set == null ? null : set.elements().get(k);
        return new ArrayList<>(element == null ? List.of() : element.adds());
      });
    }

    /** Removes the adds that {@code taken} picks from {@code adds}; their versions, oldest first. */
    private static List<Long> take(List<AddTag> adds, Predicate<AddTag> taken) {
      List<Long> out = new ArrayList<>();
      adds.removeIf(tag -> {
        if (taken.test(tag)) {
          out.add(tag.v());
          return true;
        }
        return false;
      });
      return out;
    }

    /** Refuses an op that leaves a set with more elements than the limit and more than it had. */
    void checkSetSizes(CrdtLimits limits) {
      sets.forEach((field, touched) -> {
        ElementSet before = (ElementSet) state.field(field);
        int had = before == null ? 0 : before.elements().size();
        int size = had;
        for (Map.Entry<String, List<AddTag>> e : touched.entrySet()) {
          boolean was = before != null && before.elements().containsKey(e.getKey());
          size += (e.getValue().isEmpty() ? 0 : 1) - (was ? 1 : 0);
        }
        if (size > limits.maxSetElements() && size > had) {
          throw new LockstepException(ErrorCode.TOO_LARGE,
              "component " + lastAdd.get(field) + ": a set holds at most " + limits.maxSetElements() + " elements");
        }
      });
    }
  }
}
