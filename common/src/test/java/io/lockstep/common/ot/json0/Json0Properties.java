package io.lockstep.common.ot.json0;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.quicktheories.QuickTheory.qt;

import io.lockstep.common.ot.JsonValues;
import io.lockstep.common.ot.Side;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;

/**
 * The json0 type's algebra over random documents and random valid ops (see
 * {@link Json0OpArbitraries}), 1,000 examples each, with QuickTheories inside plain JUnit tests.
 */
class Json0Properties {
  private static final Json0Type TYPE = Json0Type.INSTANCE;
  private static final int TRIES = 1000;

  private static QuickTheory theory() {
    return qt().withExamples(TRIES);
  }

  @Test
  void concurrentOpsConvergeWhicheverArrivesFirst() {
    theory().forAll(Json0OpArbitraries.concurrent()).checkAssert(c -> {
      Object aThenB = TYPE.apply(TYPE.apply(c.doc(), c.a()), TYPE.transform(c.b(), c.a(), Side.RIGHT));
      Object bThenA = TYPE.apply(TYPE.apply(c.doc(), c.b()), TYPE.transform(c.a(), c.b(), Side.LEFT));
      assertJsonEquals(aThenB, bThenA);
    });
  }

  @Test
  void transformedOpsAlwaysApply() {
    theory().forAll(Json0OpArbitraries.concurrent()).checkAssert(c -> {
      Object afterA = TYPE.apply(c.doc(), c.a());
      Object afterB = TYPE.apply(c.doc(), c.b());
      for (Side side : Side.values()) {
        assertThatCode(() -> TYPE.apply(afterA, TYPE.transform(c.b(), c.a(), side))).doesNotThrowAnyException();
        assertThatCode(() -> TYPE.apply(afterB, TYPE.transform(c.a(), c.b(), side))).doesNotThrowAnyException();
      }
    });
  }

  @Test
  void composeIsTheSameAsApplyingInTurn() {
    theory().forAll(Json0OpArbitraries.sequential()).checkAssert(s -> {
      Object inTurn = TYPE.apply(TYPE.apply(s.doc(), s.first()), s.second());
      Object composed = TYPE.apply(s.doc(), TYPE.compose(s.first(), s.second()));
      assertJsonEquals(composed, inTurn);
    });
  }

  @Test
  void normalizeIsIdempotentAndKeepsTheEffect() {
    theory().forAll(Json0OpArbitraries.docAndOp()).checkAssert(d -> {
      Json0Op normalized = TYPE.normalize(d.op());
      assertThat(TYPE.normalize(normalized)).isEqualTo(normalized);
      assertJsonEquals(TYPE.apply(d.doc(), normalized), TYPE.apply(d.doc(), d.op()));
    });
  }

  @Test
  void invertUndoesAnOp() {
    theory().forAll(Json0OpArbitraries.docAndOp()).checkAssert(d -> {
      Object after = TYPE.apply(d.doc(), d.op());
      assertJsonEquals(TYPE.apply(after, TYPE.invert(d.op())), d.doc());
    });
  }

  private static void assertJsonEquals(Object actual, Object expected) {
    assertThat(JsonValues.deepEquals(TYPE.writeSnapshot(actual), TYPE.writeSnapshot(expected)))
        .as("expected %s%n but was %s", expected, actual)
        .isTrue();
  }
}
