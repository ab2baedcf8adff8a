package io.lockstep.common.ot.json0;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.lockstep.common.ot.JsonValues;
import io.lockstep.common.ot.Side;
import io.lockstep.common.ot.json0.Json0OpArbitraries.Concurrent;
import io.lockstep.common.ot.json0.Json0OpArbitraries.DocAndOp;
import io.lockstep.common.ot.json0.Json0OpArbitraries.Sequential;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The json0 type's algebra over random documents and random valid ops (see {@link Json0OpArbitraries}). */
class Json0Properties {
  private static final Json0Type TYPE = Json0Type.INSTANCE;

  @Property(tries = 1000)
  void concurrentOpsConvergeWhicheverArrivesFirst(@ForAll("concurrent") Concurrent c) {
    Object aThenB = TYPE.apply(TYPE.apply(c.doc(), c.a()), TYPE.transform(c.b(), c.a(), Side.RIGHT));
    Object bThenA = TYPE.apply(TYPE.apply(c.doc(), c.b()), TYPE.transform(c.a(), c.b(), Side.LEFT));
    assertJsonEquals(aThenB, bThenA);
  }

  @Property(tries = 1000)
  void transformedOpsAlwaysApply(@ForAll("concurrent") Concurrent c) {
    Object afterA = TYPE.apply(c.doc(), c.a());
    Object afterB = TYPE.apply(c.doc(), c.b());
    assertThatCode(() -> TYPE.apply(afterA, TYPE.transform(c.b(), c.a(), Side.LEFT))).doesNotThrowAnyException();
    assertThatCode(() -> TYPE.apply(afterA, TYPE.transform(c.b(), c.a(), Side.RIGHT))).doesNotThrowAnyException();
    assertThatCode(() -> TYPE.apply(afterB, TYPE.transform(c.a(), c.b(), Side.LEFT))).doesNotThrowAnyException();
    assertThatCode(() -> TYPE.apply(afterB, TYPE.transform(c.a(), c.b(), Side.RIGHT))).doesNotThrowAnyException();
  }

  @Property(tries = 1000)
  void composeIsTheSameAsApplyingInTurn(@ForAll("sequential") Sequential s) {
    Object inTurn = TYPE.apply(TYPE.apply(s.doc(), s.first()), s.second());
    Object composed = TYPE.apply(s.doc(), TYPE.compose(s.first(), s.second()));
    assertJsonEquals(composed, inTurn);
  }

  @Property(tries = 1000)
  void normalizeIsIdempotentAndKeepsTheEffect(@ForAll("docAndOp") DocAndOp d) {
    Json0Op normalized = TYPE.normalize(d.op());
    assertThat(TYPE.normalize(normalized)).isEqualTo(normalized);
    assertJsonEquals(TYPE.apply(d.doc(), normalized), TYPE.apply(d.doc(), d.op()));
  }

  @Property(tries = 1000)
  void invertUndoesAnOp(@ForAll("docAndOp") DocAndOp d) {
    Object after = TYPE.apply(d.doc(), d.op());
    assertJsonEquals(TYPE.apply(after, TYPE.invert(d.op())), d.doc());
  }

  @Provide
  Arbitrary<Concurrent> concurrent() {
    return Json0OpArbitraries.concurrent();
  }

  @Provide
  Arbitrary<Sequential> sequential() {
    return Json0OpArbitraries.sequential();
  }

  @Provide
  Arbitrary<DocAndOp> docAndOp() {
    return Json0OpArbitraries.docAndOp();
  }

  private static void assertJsonEquals(Object actual, Object expected) {
    assertThat(JsonValues.deepEquals(actual, expected))
        .as("expected %s%n but was %s", expected, actual)
        .isTrue();
  }
}
