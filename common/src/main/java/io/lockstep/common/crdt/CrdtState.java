package io.lockstep.common.crdt;

import io.lockstep.common.crdt.CrdtComponent.Add;
import io.lockstep.common.crdt.CrdtComponent.Assign;
import io.lockstep.common.crdt.CrdtComponent.Inc;
import io.lockstep.common.crdt.CrdtComponent.Remove;
import io.lockstep.common.crdt.FieldState.AddTag;
import io.lockstep.common.crdt.FieldState.Counter;
import io.lockstep.common.crdt.FieldState.Element;
import io.lockstep.common.crdt.FieldState.ElementSet;
import io.lockstep.common.crdt.FieldState.Register;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The state of a CRDT document: its fields, and which committed versions it includes. Immutable:
 * {@link #apply} returns a new state.
 *
 * <p>The state is a function of the SET of committed ops applied to it, whatever their order and
 * however often each one came: an op whose version is already included changes nothing, and a
 * set's {@code rm} list that names an add not yet applied leaves a tombstone, so that the add is
 * dropped when it arrives. Servers and clients apply ops in version order, where no tombstone ever
 * stays and nothing is ever ahead; the general case is what makes the type a CRDT (and what the
 * property tests check).
 */
public final class CrdtState {
  private final long upTo;
  private final NavigableSet<Long> ahead;
  private final NavigableSet<Tombstone> tombstones;
  private final NavigableMap<String, FieldState> fields;

  private CrdtState(long upTo, NavigableSet<Long> ahead, NavigableSet<Tombstone> tombstones,
      NavigableMap<String, FieldState> fields) {
    this.upTo = upTo;
    this.ahead = Collections.unmodifiableNavigableSet(ahead);
    this.tombstones = Collections.unmodifiableNavigableSet(tombstones);
    this.fields = Collections.unmodifiableNavigableMap(fields);
  }

  /** A document with no field that includes every version up to {@code v} (its creation, or a snapshot's version). */
  public static CrdtState empty(long v) {
    return of(v, Map.of());
  }

  /** A gap-free state at version {@code v} with these fields. */
  public static CrdtState of(long v, Map<String, FieldState> fields) {
    if (v < 0) {
      throw new IllegalArgumentException("a version is at least 0, got " + v);
    }
    return new CrdtState(v, new TreeSet<>(), new TreeSet<>(), new TreeMap<>(fields));
  }

  /** Every version up to this one is included: the document's version when the state is {@link #gapFree}. */
  public long version() {
    return upTo;
  }

  /** Whether the state includes exactly the versions up to {@link #version()} (as on a server or a client). */
  public boolean gapFree() {
    return ahead.isEmpty() && tombstones.isEmpty();
  }

  /** Whether the op committed at {@code v} is included. */
  public boolean includes(long v) {
    return v <= upTo || ahead.contains(v);
  }

  /** The fields by name, in name order. */
  public NavigableMap<String, FieldState> fields() {
    return fields;
  }

  /** The field called {@code name}, or null. */
  public FieldState field(String name) {
    return fields.get(name);
  }

  /**
   * The plain JSON view: a counter as a number, a register as its value, a set as an array of its
   * elements sorted by their canonical JSON text. Fields in name order.
   */
  public Map<String, Object> value() {
    Map<String, Object> out = new LinkedHashMap<>();
    fields.forEach((name, field) -> out.put(name, field.value()));
    return out;
  }

  /**
   * This state with {@code op} applied; the same state when it is already included. Components apply
   * in order, except that of several {@code set}s of one register only the op's last one counts.
   */
  public CrdtState apply(CommittedOp op) {
    if (includes(op.v())) {
      return this;
    }
    NavigableMap<String, FieldState> nextFields = new TreeMap<>(fields);
    NavigableSet<Tombstone> nextTombstones = new TreeSet<>(tombstones);
    List<CrdtComponent> components = op.op().components();
    Map<String, Integer> lastAssign = lastAssignments(components);
    for (int i = 0; i < components.size(); i++) {
      CrdtComponent component = components.get(i);
      FieldState before = nextFields.get(component.field());
      if (before != null && before.kind() != component.kind()) {
        throw new IllegalArgumentException("committed op " + op.v() + " has a " + component.kind().wire()
            + " component on a " + before.kind().wire() + " field");
      }
      if (component instanceof Assign && lastAssign.get(component.field()) != i) {
        continue;
      }
      nextFields.put(component.field(), applied(op, before, component, nextTombstones));
    }
    dropAddsRemovedBeforeArrival(op.v(), nextFields, nextTombstones);
    return including(op.v(), nextTombstones, nextFields);
  }

  private static Map<String, Integer> lastAssignments(List<CrdtComponent> components) {
    Map<String, Integer> out = new HashMap<>();
    for (int i = 0; i < components.size(); i++) {
      if (components.get(i) instanceof Assign assign) {
        out.put(assign.field(), i);
      }
    }
    return out;
  }

  private FieldState applied(CommittedOp op, FieldState before, CrdtComponent component,
      NavigableSet<Tombstone> nextTombstones) {
    if (component instanceof Inc inc) {
      return new Counter((before == null ? 0 : ((Counter) before).n()) + inc.amount());
    }
    if (component instanceof Assign assign) {
      return assign(op, (Register) before, assign);
    }
    if (component instanceof Add add) {
      return changeSet(op, (ElementSet) before, add.field(), add.key(), add.element(), add.rm(), true, nextTombstones);
    }
    Remove remove = (Remove) component;
    return changeSet(op, (ElementSet) before, remove.field(), remove.key(), remove.element(), remove.rm(), false, nextTombstones);
  }

  private static Register assign(CommittedOp op, Register before, Assign assign) {
    Register candidate = new Register(assign.value(), Objects.requireNonNull(assign.t(), "committed t"), op.src(), op.v());
    return before == null || candidate.beats(before) ? candidate : before;
  }

  private ElementSet changeSet(CommittedOp op, ElementSet before, String field, String key, Object element, List<Long> rm,
      boolean adds, NavigableSet<Tombstone> nextTombstones) {
    NavigableMap<String, Element> elements = new TreeMap<>(before == null ? Map.of() : before.elements());
    Element current = elements.get(key);
    List<AddTag> tags = new ArrayList<>(current == null ? List.of() : current.adds());
    for (long removed : rm) {
      boolean present = tags.removeIf(tag -> tag.v() == removed);
      if (!present && !includes(removed) && removed != op.v()) {
        nextTombstones.add(new Tombstone(removed, field, key)); // removed before it arrived
      }
    }
    if (adds) {
      tags.removeIf(tag -> tag.v() == op.v()); // an element holds one add per version (an op's later add replaces its earlier one)
      tags.add(new AddTag(op.v(), op.src()));
      tags.sort((a, b) -> Long.compare(a.v(), b.v()));
    }
    return withTags(elements, key, current == null ? element : current.value(), tags);
  }

  private static ElementSet withTags(NavigableMap<String, Element> elements, String key, Object value, List<AddTag> tags) {
    if (tags.isEmpty()) {
      elements.remove(key);
    } else {
      elements.put(key, new Element(value, tags));
    }
    return new ElementSet(elements);
  }

  /**
   * Later ops that arrived first took some of op {@code v}'s adds (their tombstones): takes them now,
   * from the adds as the whole op left them, as applying in version order would have.
   */
  private static void dropAddsRemovedBeforeArrival(long v, NavigableMap<String, FieldState> nextFields,
      NavigableSet<Tombstone> nextTombstones) {
    NavigableSet<Tombstone> due = nextTombstones.subSet(new Tombstone(v, "", ""), true, new Tombstone(v + 1, "", ""), false);
    for (Tombstone tombstone : due) {
      if (nextFields.get(tombstone.field()) instanceof ElementSet set && set.elements().get(tombstone.key()) != null) {
        Element element = set.elements().get(tombstone.key());
        List<AddTag> tags = new ArrayList<>(element.adds());
        tags.removeIf(tag -> tag.v() == v);
        nextFields.put(tombstone.field(), withTags(new TreeMap<>(set.elements()), tombstone.key(), element.value(), tags));
      }
    }
    due.clear();
  }

  private CrdtState including(long v, NavigableSet<Tombstone> nextTombstones, NavigableMap<String, FieldState> nextFields) {
    NavigableSet<Long> nextAhead = new TreeSet<>(ahead);
    long nextUpTo = upTo;
    if (v == upTo + 1) {
      nextUpTo = v;
      while (nextAhead.remove(nextUpTo + 1)) {
        nextUpTo++;
      }
    } else {
      nextAhead.add(v);
    }
    // A tombstone at or below the watermark names an add that can no longer arrive.
    nextTombstones.headSet(new Tombstone(nextUpTo + 1, "", ""), false).clear();
    return new CrdtState(nextUpTo, nextAhead, nextTombstones, nextFields);
  }

  /** An add (at version {@code v}, of element {@code key} of set {@code field}) that was removed before it arrived. */
  private record Tombstone(long v, String field, String key) implements Comparable<Tombstone> {
    @Override
    public int compareTo(Tombstone o) {
      int byV = Long.compare(v, o.v);
      int byField = byV != 0 ? byV : field.compareTo(o.field);
      return byField != 0 ? byField : key.compareTo(o.key);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CrdtState other && upTo == other.upTo && ahead.equals(other.ahead)
        && tombstones.equals(other.tombstones) && fields.equals(other.fields);
  }

  @Override
  public int hashCode() {
    return Objects.hash(upTo, ahead, tombstones, fields);
  }

  @Override
  public String toString() {
    return "CrdtState[v=" + upTo + (gapFree() ? "" : ", ahead=" + ahead + ", tombstones=" + tombstones)
        + ", fields=" + fields + "]";
  }
}
