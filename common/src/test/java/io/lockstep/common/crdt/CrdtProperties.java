package io.lockstep.common.crdt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.lockstep.common.crdt.CrdtComponent.Add;
import io.lockstep.common.crdt.CrdtComponent.Assign;
import io.lockstep.common.crdt.CrdtComponent.Inc;
import io.lockstep.common.crdt.CrdtComponent.Remove;
import io.lockstep.common.crdt.FieldState.ElementSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;
import org.quicktheories.core.Gen;

/**
 * The CRDT type's guarantees over random histories ({@link CrdtHistory}): 300 histories of up to 60
 * ops by 1–4 clients each, with QuickTheories.
 */
class CrdtProperties {
  private static final Gen<CrdtHistory> HISTORIES = longs().all()
      .zip(integers().between(0, 60), integers().between(1, 4), CrdtHistory::random);

  private static QuickTheory theory() {
    return qt().withExamples(300);
  }

  @Test
  void anyPermutationOfTheCommittedOpsGivesTheSameState() {
    theory().forAll(HISTORIES, longs().all()).checkAssert((history, shuffle) -> {
      List<CommittedOp> shuffled = new ArrayList<>(history.ops());
      Collections.shuffle(shuffled, new Random(shuffle));
      assertThat(applyAll(CrdtState.empty(history.created()), shuffled)).isEqualTo(history.inOrder());
    });
  }

  @Test
  void anOpDeliveredTwiceChangesNothing() {
    theory().forAll(HISTORIES, longs().all()).checkAssert((history, seed) -> {
      Random random = new Random(seed);
      List<CommittedOp> deliveries = new ArrayList<>(history.ops());
      history.ops().stream().filter(op -> random.nextBoolean()).forEach(deliveries::add);
      Collections.shuffle(deliveries, random);
      assertThat(applyAll(CrdtState.empty(history.created()), deliveries)).isEqualTo(history.inOrder());
      CrdtState done = history.inOrder();
      history.ops().forEach(op -> assertThat(done.apply(op)).isSameAs(done));
    });
  }

  @Test
  void aRemoveNeverTakesAnAddItsAuthorHadNotSeen() {
    theory().forAll(HISTORIES).checkAssert(history -> {
      Map<Long, CommittedOp> byVersion = new HashMap<>();
      history.ops().forEach(op -> byVersion.put(op.v(), op));
      for (int i = 0; i < history.ops().size(); i++) {
        CommittedOp op = history.ops().get(i);
        long base = history.bases().get(i);
        for (CrdtComponent c : op.op().components()) {
          List<Long> rm = c instanceof Remove r ? r.rm() : c instanceof Add a ? a.rm() : List.of();
          for (long taken : rm) {
            CommittedOp add = byVersion.get(taken);
            assertThat(taken <= base || Objects.equals(add.src(), op.src()))
                .as("op %s takes the add at %s, which its author (base %s) had not seen", op.v(), taken, base)
                .isTrue();
            if (c instanceof Add) {
              assertThat(add.src()).as("an add replaces only its own author's adds").isEqualTo(op.src());
            }
          }
        }
      }
    });
  }

  @Test
  void everyPrefixHoldsWhatTheMergeRulesSay() {
    theory().forAll(HISTORIES).checkAssert(history -> {
      CrdtState state = CrdtState.empty(history.created());
      for (int n = 0; n < history.ops().size(); n++) {
        state = state.apply(history.ops().get(n));
        assertThat(state.value()).isEqualTo(oracle(history, n + 1));
      }
    });
  }

  @Test
  void stateEncodingRoundTrips() {
    theory().forAll(HISTORIES).checkAssert(history -> {
      CrdtState state = history.inOrder();
      assertThat(CrdtStateCodec.read(CrdtStateCodec.write(state), state.version())).isEqualTo(state);
    });
  }

  @Test
  void committedOpsRoundTripThroughTheirWireForm() {
    theory().forAll(HISTORIES).checkAssert(history -> history.ops().forEach(op ->
        assertThat(CrdtOpCodec.parseCommitted(CrdtOpCodec.write(op.op()))).isEqualTo(op.op())));
  }

  private static CrdtState applyAll(CrdtState state, List<CommittedOp> ops) {
    for (CommittedOp op : ops) {
      state = state.apply(op);
    }
    return state;
  }

  /**
   * The plain view of the first {@code n} ops, straight from PROTOCOL.md §6: a counter sums its
   * increments; a register holds the assignment with the greatest (t, src), then version; a set
   * holds each element that has an add which no remove of that element had seen (add wins), where
   * a remove has seen the adds at versions up to its base and its own author's earlier adds.
   */
  private static Map<String, Object> oracle(CrdtHistory history, int n) {
    Map<String, Object> view = new java.util.TreeMap<>();
    Map<String, Assign> winners = new HashMap<>();
    Map<String, CommittedOp> winnerOps = new HashMap<>();
    Map<String, TreeSet<String>> sets = new HashMap<>();
    Map<String, Object> elements = new HashMap<>();
    for (int i = 0; i < n; i++) {
      CommittedOp op = history.ops().get(i);
      List<CrdtComponent> components = op.op().components();
      for (int at = 0; at < components.size(); at++) {
        CrdtComponent c = components.get(at);
        if (c instanceof Inc inc) {
          view.merge(inc.field(), inc.amount(), (x, y) -> (Long) x + (Long) y);
        } else if (c instanceof Assign assign) {
          if (lastOn(components, at, Assign.class::isInstance)) { // an op's later set of a register replaces its earlier one
            CommittedOp current = winnerOps.get(assign.field());
            if (current == null || later(assign, op, winners.get(assign.field()), current)) {
              winners.put(assign.field(), assign);
              winnerOps.put(assign.field(), op);
              view.put(assign.field(), assign.value());
            }
          }
        } else {
          String field = c.field();
          sets.computeIfAbsent(field, f -> new TreeSet<>());
          if (c instanceof Add add) {
            elements.put(add.key(), add.element());
            // The op's adds and removes of one element apply in order: the last one says whether the op added it.
            boolean lastOfElement = lastOn(components, at, o -> (o instanceof Add || o instanceof Remove) && key(o).equals(add.key()));
            if (lastOfElement && survives(history, n, i, field, add.key())) {
              sets.get(field).add(add.key());
            }
          }
        }
      }
    }
    sets.forEach((field, keys) -> view.put(field, keys.stream().map(elements::get).toList()));
    return view;
  }

  /** Whether no component after {@code at} on the same field matches {@code same}. */
  private static boolean lastOn(List<CrdtComponent> components, int at, java.util.function.Predicate<CrdtComponent> same) {
    String field = components.get(at).field();
    return components.subList(at + 1, components.size()).stream().noneMatch(o -> o.field().equals(field) && same.test(o));
  }

  private static String key(CrdtComponent c) {
    return c instanceof Add a ? a.key() : ((Remove) c).key();
  }

  private static boolean later(Assign a, CommittedOp aOp, Assign b, CommittedOp bOp) {
    if (!a.t().equals(b.t())) {
      return a.t() > b.t();
    }
    int bySrc = aOp.src().compareTo(bOp.src());
    return bySrc != 0 ? bySrc > 0 : aOp.v() > bOp.v();
  }

  /** Whether the add of {@code key} by op {@code index} is seen by no remove of it among the first {@code n} ops. */
  private static boolean survives(CrdtHistory history, int n, int index, String field, String key) {
    CommittedOp add = history.ops().get(index);
    for (int j = index + 1; j < n; j++) {
      CommittedOp later = history.ops().get(j);
      boolean removes = later.op().components().stream()
          .anyMatch(c -> c instanceof Remove r && r.field().equals(field) && r.key().equals(key));
      boolean seen = add.v() <= history.bases().get(j) || add.src().equals(later.src());
      if (removes && seen) {
        return false;
      }
    }
    return true;
  }
}
