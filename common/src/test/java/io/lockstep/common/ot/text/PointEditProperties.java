package io.lockstep.common.ot.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.quicktheories.QuickTheory.qt;

import io.lockstep.common.ot.Side;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The keystroke fast path ({@link PointEdit}) against the general transform: rebasing an op over a
 * run of committed ops gives the very same op (equal components, text deletes kept as text) either
 * way, on both sides of a tie, over 2,000 random runs that mix keystrokes with ops of any shape.
 */
class PointEditProperties {
  private static final TextUnicodeType T = TextUnicodeType.INSTANCE;

  @Test
  void rebasingOverARunGivesWhatStepByStepTransformsGive() {
    qt().withExamples(2000).forAll(TextOpArbitraries.runs()).checkAssert(run -> {
      for (Side side : Side.values()) {
        TextOp stepByStep = T.normalize(run.op());
        for (TextOp committed : run.history()) {
          stepByStep = TextTransform.transform(stepByStep, T.normalize(committed), side);
        }
        assertThat(T.transformOver(run.op(), run.history(), side)).as("%s, %s", run, side).isEqualTo(stepByStep);
      }
    });
  }

  @Test
  void aKeystrokeIsMovedByArithmetic() {
    TextOp typed = TextOp.of(new Skip(10), new Insert("x"));
    List<TextOp> history = List.of(
        TextOp.of(new Skip(2), new Insert("ab")),         // before it: +2
        TextOp.of(new Skip(12), new Insert("y")),         // at it: LEFT stays in front
        TextOp.of(Delete.count(3)),                       // before it: -3
        TextOp.of(new Skip(20), Delete.count(1)));        // after it: no change
    assertThat(T.transformOver(typed, history, Side.LEFT)).isEqualTo(TextOp.of(new Skip(9), new Insert("x")));
    assertThat(T.transformOver(typed, history, Side.RIGHT)).isEqualTo(TextOp.of(new Skip(10), new Insert("x")));
  }

  @Test
  void aDeleteOverlappingDeletesShrinksAndVanishes() {
    TextOp delete = TextOp.of(new Skip(5), Delete.count(3));
    assertThat(T.transformOver(delete, List.of(TextOp.of(new Skip(3), Delete.count(4))), Side.LEFT))
        .isEqualTo(TextOp.of(new Skip(3), Delete.count(1)));
    assertThat(T.transformOver(delete, List.of(TextOp.of(new Skip(4), Delete.count(5)), TextOp.of(new Insert("z"))),
        Side.LEFT)).isEqualTo(TextOp.NOOP);
  }

  @Test
  void aPositionPastWhatAnIntHoldsIsReportedLikeTheGeneralTransformReportsIt() {
    TextOp far = TextOp.of(new Skip(Integer.MAX_VALUE - 1), new Insert("x"));
    List<TextOp> history = List.of(TextOp.of(new Insert("abc")));
    Throwable fast = catchThrowable(() -> T.transformOver(far, history, Side.LEFT));
    Throwable general = catchThrowable(() -> T.transform(far, history.get(0), Side.LEFT));
    assertThat(fast).isNotNull().hasSameClassAs(general).hasMessage(general.getMessage());
  }
}
