package io.lockstep.common.crdt;

import io.lockstep.common.protocol.LockstepException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A random history of one CRDT document, as a server commits it: clients that see the document
 * late (their base lags behind), submit counter, register and set components (some on a field of
 * the wrong kind, which the server refuses), and resync now and then. Each committed op keeps the
 * base and author it was made with, for the oracles.
 *
 * @param created the version the document was created at (the ops follow it)
 * @param ops the committed ops in version order
 * @param bases the base version each op was made against, by index
 */
record CrdtHistory(long created, List<CommittedOp> ops, List<Long> bases) {
  static final long NOW = 1_000_000;
  static final List<Object> ELEMENTS = List.of("red", "blue", 7, -3, Map.of("a", 1, "b", List.of(true)),
      List.of("x", 1), "ünï\u2028", false, 7.0, 0.1, 2.5e-7, 1e21, new java.math.BigInteger("12345678901234567890"),
      List.of(-0.0, 5e-324));
  private static final String[] SOURCES = {"a", "b", "c", "d"};

  /** A history of up to {@code length} submissions by {@code clients} clients, from {@code seed}. */
  static CrdtHistory random(long seed, int length, int clients) {
    Random random = new Random(seed);
    long created = 1 + random.nextInt(3);
    CrdtState server = CrdtState.empty(created);
    long[] known = new long[clients];
    java.util.Arrays.fill(known, created);
    List<CommittedOp> ops = new ArrayList<>();
    List<Long> bases = new ArrayList<>();
    for (int i = 0; i < length; i++) {
      int client = random.nextInt(clients);
      if (random.nextInt(3) == 0) {
        known[client] = server.version(); // this client catches up
      }
      long base = known[client] - (known[client] > created && random.nextInt(5) == 0 ? 1 : 0);
      CrdtOp submitted = randomOp(random);
      try {
        CrdtOp committed = CrdtCommit.commit(server, submitted, base, SOURCES[client], NOW, CrdtLimits.DEFAULTS);
        CommittedOp op = new CommittedOp(server.version() + 1, SOURCES[client], committed);
        server = server.apply(op);
        ops.add(op);
        bases.add(base);
      } catch (LockstepException refused) {
        // a component on a field of the other kind: refused, nothing committed
      }
    }
    return new CrdtHistory(created, ops, bases);
  }

  /** One to three components; now and then one on the same register or set element as an earlier one. */
  private static CrdtOp randomOp(Random random) {
    int size = 1 + random.nextInt(3);
    List<CrdtComponent> components = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      CrdtComponent c = randomComponent(random);
      if (!components.isEmpty() && random.nextInt(3) == 0) {
        c = sameTarget(random, components.get(random.nextInt(components.size())), c);
      }
      components.add(c);
    }
    return new CrdtOp(components);
  }

  /** A component on {@code earlier}'s register or set element ({@code fallback} for a counter). */
  private static CrdtComponent sameTarget(Random random, CrdtComponent earlier, CrdtComponent fallback) {
    if (earlier instanceof CrdtComponent.Assign) {
      Long t = random.nextInt(6) == 0 ? null : NOW - 50 + random.nextInt(100);
      return new CrdtComponent.Assign(earlier.field(), "title " + random.nextInt(5), t);
    }
    if (earlier instanceof CrdtComponent.Add add) {
      return new CrdtComponent.Remove(add.field(), add.element(), add.key(), List.of());
    }
    if (earlier instanceof CrdtComponent.Remove remove) {
      return new CrdtComponent.Add(remove.field(), remove.element(), remove.key(), List.of());
    }
    return fallback;
  }

  private static CrdtComponent randomComponent(Random random) {
    String field = random.nextInt(12) == 0 ? "odd" : null; // "odd" gets components of every kind
    switch (random.nextInt(4)) {
      case 0:
        return new CrdtComponent.Inc(field != null ? field : "n", random.nextInt(21) - 10);
      case 1:
        Long t = random.nextInt(6) == 0 ? null : NOW - 50 + random.nextInt(100);
        return new CrdtComponent.Assign(field != null ? field : "title", "title " + random.nextInt(5), t);
      default:
        Object element = CanonicalJson.freeze(ELEMENTS.get(random.nextInt(ELEMENTS.size())), true);
        String set = field != null ? field : random.nextBoolean() ? "tags" : "todo";
        return random.nextInt(5) < 3
            ? new CrdtComponent.Add(set, element, CanonicalJson.text(element), List.of())
            : new CrdtComponent.Remove(set, element, CanonicalJson.text(element), List.of());
    }
  }

  /** The state every replica holds after applying these ops, each once, in version order. */
  CrdtState inOrder() {
    CrdtState state = CrdtState.empty(created);
    for (CommittedOp op : ops) {
      state = state.apply(op);
    }
    return state;
  }
}
