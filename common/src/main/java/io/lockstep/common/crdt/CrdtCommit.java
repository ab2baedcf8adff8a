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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
 */
public final class CrdtCommit {
  private CrdtCommit() {}

  /**
   * The committed form of {@code submitted}.
   *
   * @param state the document just before this op (gap-free, at version {@code version - 1})
   * @param base the version the author had seen (the op's {@code v}), at most the state's version
   * @param src the author, or null for a server-side edit (which has no earlier adds of its own)
   * @param nowMs the server's clock
   */
  public static CrdtOp commit(CrdtState state, CrdtOp submitted, long base, String src, long nowMs, CrdtLimits limits) {
    if (!state.gapFree() || base > state.version()) {
      throw new IllegalArgumentException("commit needs the gap-free state the base " + base + " is within");
    }
    Map<String, FieldKind> kinds = new HashMap<>();
    Map<String, Long> counters = new HashMap<>();
    Map<String, Set<String>> newElements = new HashMap<>();
    List<CrdtComponent> out = new ArrayList<>(submitted.components().size());
    for (int i = 0; i < submitted.components().size(); i++) {
      CrdtComponent c = submitted.components().get(i);
      FieldState field = state.field(c.field());
      FieldKind kind = kinds.computeIfAbsent(c.field(), f -> field == null ? c.kind() : field.kind());
      if (kind != c.kind()) {
        throw new LockstepException(ErrorCode.INVALID_OP,
            "component " + i + ": the field is a " + kind.wire() + ", not a " + c.kind().wire());
      }
      out.add(committed(i, c, field, base, src, nowMs, limits, counters, newElements));
    }
    long fieldCount = state.fields().size() + kinds.keySet().stream().filter(f -> state.field(f) == null).count();
    if (fieldCount > limits.maxFields()) {
      throw new LockstepException(ErrorCode.TOO_LARGE, "a crdt document holds at most " + limits.maxFields() + " fields");
    }
    return new CrdtOp(out);
  }

  private static CrdtComponent committed(int i, CrdtComponent c, FieldState field, long base, String src, long nowMs,
      CrdtLimits limits, Map<String, Long> counters, Map<String, Set<String>> newElements) {
    if (c instanceof Inc inc) {
      long before = counters.computeIfAbsent(inc.field(), f -> field == null ? 0 : ((Counter) field).n());
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
    ElementSet set = (ElementSet) field;
    Element element = set == null ? null : set.elements().get(key(c));
    if (c instanceof Add add) {
      if (element == null) {
        Set<String> added = newElements.computeIfAbsent(add.field(), f -> new HashSet<>());
        added.add(add.key());
        if ((set == null ? 0 : set.elements().size()) + added.size() > limits.maxSetElements()) {
          throw new LockstepException(ErrorCode.TOO_LARGE,
              "component " + i + ": a set holds at most " + limits.maxSetElements() + " elements");
        }
      }
      List<Long> replaced = seen(element, Long.MIN_VALUE, src);
      return new Add(add.field(), add.element(), add.key(), replaced);
    }
    Remove remove = (Remove) c;
    return new Remove(remove.field(), remove.element(), remove.key(), seen(element, base, src));
  }

  /** The versions of {@code element}'s adds committed at or before {@code base} or made by {@code src}. */
  private static List<Long> seen(Element element, long base, String src) {
    if (element == null) {
      return List.of();
    }
    List<Long> out = new ArrayList<>();
    for (AddTag tag : element.adds()) {
      if (tag.v() <= base || (src != null && src.equals(tag.src()))) {
        out.add(tag.v());
      }
    }
    return out;
  }

  private static String key(CrdtComponent c) {
    return c instanceof Add add ? add.key() : ((Remove) c).key();
  }
}
