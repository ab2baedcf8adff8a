package io.lockstep.common.ot;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** Checks one conformance case of any kind against one type. See shared/conformance/README.md. */
final class ConformanceCase<S, O> {
  private final OtType<S, O> type;
  private final Map<String, Object> c;

  private ConformanceCase(OtType<S, O> type, Map<String, Object> c) {
    this.type = type;
    this.c = c;
  }

  static void run(OtType<?, ?> type, Map<String, Object> c) {
    new ConformanceCase<>(type, c).run();
  }

  private void run() {
    String kind = String.valueOf(c.get("kind"));
    switch (kind) {
      case "apply" -> checkApply();
      case "transform" -> checkTransform();
      case "compose" -> checkCompose();
      case "transform-chain" -> checkChain();
      case "invalid" -> checkInvalid();
      case "lenient" -> checkLenient();
      default -> throw new AssertionError("unknown kind " + kind);
    }
  }

  private void checkApply() {
    expectEqual("result", c.get("result"), applyAll(c.get("doc"), Collections.singletonList(c.get("op"))));
  }

  private void checkTransform() {
    O op1 = parse(c.get("op1"));
    O op2 = parse(c.get("op2"));
    O op1Left = type.transform(op1, op2, Side.LEFT);
    O op2Right = type.transform(op2, op1, Side.RIGHT);
    expectEqual("op1_left", c.get("op1_left"), type.writeOp(op1Left));
    expectEqual("op2_right", c.get("op2_right"), type.writeOp(op2Right));
    S doc = type.create(c.get("doc"));
    expectEqual("converged (op1 then op2_right)", c.get("converged"),
        type.writeSnapshot(type.apply(type.apply(doc, op1), op2Right)));
    expectEqual("converged (op2 then op1_left)", c.get("converged"),
        type.writeSnapshot(type.apply(type.apply(doc, op2), op1Left)));
  }

  private void checkCompose() {
    O composed = type.compose(parse(c.get("op1")), parse(c.get("op2")));
    expectEqual("composed", c.get("composed"), type.writeOp(composed));
    S doc = type.create(c.get("doc"));
    expectEqual("result", c.get("result"), type.writeSnapshot(type.apply(doc, composed)));
  }

  private void checkChain() {
    List<O> bs = new ArrayList<>(parseAll(c.get("ops_b")));
    List<Object> aTransformed = new ArrayList<>();
    for (O a : parseAll(c.get("ops_a"))) {
      for (int i = 0; i < bs.size(); i++) {
        O a2 = type.transform(a, bs.get(i), Side.LEFT);
        bs.set(i, type.transform(bs.get(i), a, Side.RIGHT));
        a = a2;
      }
      aTransformed.add(type.writeOp(a));
    }
    expectEqual("ops_a_transformed", c.get("ops_a_transformed"), aTransformed);
    expectEqual("ops_b_transformed", c.get("ops_b_transformed"), bs.stream().map(type::writeOp).toList());
    List<Object> aThenB = new ArrayList<>(asList(c.get("ops_a")));
    aThenB.addAll(asList(c.get("ops_b_transformed")));
    List<Object> bThenA = new ArrayList<>(asList(c.get("ops_b")));
    bThenA.addAll(asList(c.get("ops_a_transformed")));
    expectEqual("converged (a then b')", c.get("converged"), applyAll(c.get("doc"), aThenB));
    expectEqual("converged (b then a')", c.get("converged"), applyAll(c.get("doc"), bThenA));
  }

  private void checkInvalid() {
    Object doc = c.get("doc");
    String before = String.valueOf(doc);
    try {
      Object result = applyAll(doc, Collections.singletonList(c.get("op")));
      throw new AssertionError("expected the op to be rejected (" + c.get("reason") + "), got " + result);
    } catch (InvalidOpException expected) {
      expectUnchanged(doc, before);
    }
  }

  private void checkLenient() {
    Object doc = c.get("doc");
    String before = String.valueOf(doc);
    try {
      expectEqual("result", c.get("result"), applyAll(doc, Collections.singletonList(c.get("op"))));
    } catch (InvalidOpException rejected) {
      expectUnchanged(doc, before);
    }
  }

  /** Applies the ops in order to the document and returns the result as JSON; the input must not change. */
  private Object applyAll(Object docJson, List<Object> opsJson) {
    String before = String.valueOf(docJson);
    S snapshot = type.create(docJson);
    for (Object op : opsJson) {
      snapshot = type.apply(snapshot, parse(op));
    }
    Object result = type.writeSnapshot(snapshot);
    expectUnchanged(docJson, before);
    return result;
  }

  private O parse(Object json) {
    return type.parseOp(json);
  }

  private List<O> parseAll(Object json) {
    return asList(json).stream().map(this::parse).toList();
  }

  @SuppressWarnings("unchecked")
  private static List<Object> asList(Object json) {
    return (List<Object>) json;
  }

  private void expectUnchanged(Object doc, String before) {
    if (!before.equals(String.valueOf(doc))) {
      throw new AssertionError(c.get("id") + ": the input document was mutated: " + before + " -> " + doc);
    }
  }

  private void expectEqual(String what, Object expected, Object actual) {
    if (!JsonValues.deepEquals(expected, actual)) {
      throw new AssertionError(c.get("id") + ": " + what + " differs\n  expected " + expected
          + "\n  actual   " + actual + "\n  case " + c);
    }
  }
}
