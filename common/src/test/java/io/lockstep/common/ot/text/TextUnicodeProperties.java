package io.lockstep.common.ot.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.quicktheories.QuickTheory.qt;

import io.lockstep.common.ot.Side;
import io.lockstep.common.ot.rope.Rope;
import io.lockstep.common.ot.text.TextOpArbitraries.Edit;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;

/**
 * Properties of text-unicode over random documents and random valid ops (see
 * {@link TextOpArbitraries}), 1,000 examples each. Uses QuickTheories, the project's
 * property-testing library, inside plain JUnit tests.
 */
class TextUnicodeProperties {
  private static final TextUnicodeType T = TextUnicodeType.INSTANCE;

  /** {@code op} applied to the text {@code doc}, as a string. */
  private static String apply(String doc, TextOp op) {
    return T.apply(Rope.of(doc), op).toString();
  }
  private static final int TRIES = 1000;

  private static QuickTheory theory() {
    return qt().withExamples(TRIES);
  }

  @Test
  void concurrentOpsConvergeWhicheverIsAppliedFirst() {
    theory().forAll(TextOpArbitraries.concurrentOps()).checkAssert(c -> {
      String aThenB = apply(apply(c.doc(), c.a()), T.transform(c.b(), c.a(), Side.RIGHT));
      String bThenA = apply(apply(c.doc(), c.b()), T.transform(c.a(), c.b(), Side.LEFT));
      assertThat(aThenB).as("TP1 for %s", c).isEqualTo(bThenA);
    });
  }

  @Test
  void transformedOpsOfValidConcurrentOpsAlwaysApply() {
    theory().forAll(TextOpArbitraries.concurrentOps()).checkAssert(c -> {
      for (Side side : Side.values()) {
        String afterB = apply(c.doc(), c.b());
        assertThatCode(() -> apply(afterB, T.transform(c.a(), c.b(), side))).as("%s %s", side, c)
            .doesNotThrowAnyException();
      }
    });
  }

  @Test
  void composeHasTheEffectOfApplyingBothOpsInTurn() {
    theory().forAll(TextOpArbitraries.sequentialOps()).checkAssert(s -> assertThat(
        apply(s.doc(), T.compose(s.first(), s.second())))
        .as("%s", s)
        .isEqualTo(apply(apply(s.doc(), s.first()), s.second())));
  }

  @Test
  void normalizeIsIdempotent() {
    theory().forAll(TextOpArbitraries.edits()).checkAssert(e -> {
      TextOp once = T.normalize(e.op());
      assertThat(T.normalize(once)).as("%s", e).isEqualTo(once);
    });
  }

  @Test
  void normalizePreservesTheEffectOfAnOp() {
    theory().forAll(TextOpArbitraries.edits()).checkAssert(e -> assertThat(apply(e.doc(), T.normalize(e.op())))
        .as("%s", e)
        .isEqualTo(apply(e.doc(), e.op())));
  }

  @Test
  void transformAndComposeProduceNormalizedOps() {
    theory().forAll(TextOpArbitraries.sequentialOps(), TextOpArbitraries.concurrentOps()).checkAssert((s, c) -> {
      assertNormalized(T.compose(s.first(), s.second()));
      assertNormalized(T.transform(c.a(), c.b(), Side.LEFT));
      assertNormalized(T.transform(c.b(), c.a(), Side.RIGHT));
    });
  }

  @Test
  void opsMadeOnlyOfTextDeletesStayInvertibleThroughTransformAndCompose() {
    theory().forAll(TextOpArbitraries.sequentialOps(), TextOpArbitraries.concurrentOps()).checkAssert((s, c) -> {
      if (invertible(s.first()) && invertible(s.second())) {
        assertThat(invertible(T.compose(s.first(), s.second()))).as("compose %s", s).isTrue();
      }
      if (invertible(c.a()) && invertible(c.b())) {
        assertThat(invertible(T.transform(c.a(), c.b(), Side.LEFT))).as("transform %s", c).isTrue();
      }
    });
  }

  @Test
  void wireFormRoundTrips() {
    theory().forAll(TextOpArbitraries.edits()).checkAssert(e -> assertThat(T.parseOp(T.writeOp(e.op())))
        .as("%s", e)
        .isEqualTo(e.op()));
  }

  @Test
  void transformedCursorsStayInTheDocumentAndKeepTheirOrder() {
    theory().forAll(TextOpArbitraries.edits()).checkAssert((Edit e) -> {
      int before = CodePoints.count(e.doc());
      int after = CodePoints.count(apply(e.doc(), e.op()));
      int previous = 0;
      for (int cursor = 0; cursor <= before; cursor++) {
        int moved = T.transformPosition(cursor, e.op());
        assertThat(moved).as("cursor %d through %s", cursor, e).isBetween(previous, after);
        previous = moved;
      }
    });
  }

  private static void assertNormalized(TextOp op) {
    assertThat(T.normalize(op)).isEqualTo(op);
  }

  private static boolean invertible(TextOp op) {
    return op.components().stream().noneMatch(c -> c instanceof Delete d && !d.hasText());
  }
}
