package io.lockstep.common.ot.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.lockstep.common.ot.InvalidOpException;
import io.lockstep.common.ot.Side;
import io.lockstep.common.ot.rope.Rope;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Named examples of text-unicode behaviour: tie-breaks, deletes, code points, normalization, bad input, cursors. */
class TextUnicodeExamplesTest {
  private static final TextUnicodeType T = TextUnicodeType.INSTANCE;

  /** {@code op} applied to the text {@code doc}, as a string. */
  private static String apply(String doc, TextOp op) {
    return T.apply(Rope.of(doc), op).toString();
  }

  private static TextOp op(Object... components) {
    return T.parseOp(Arrays.asList(components));
  }

  private static Map<String, Object> d(Object value) {
    return Map.of("d", value);
  }

  private static List<Object> wire(TextOp op) {
    @SuppressWarnings("unchecked")
    List<Object> list = (List<Object>) T.writeOp(op);
    return list;
  }

  // Tie-breaks

  @Test
  void leftInsertGoesFirstWhenBothInsertAtTheSamePosition() {
    TextOp mine = op(1, "L");
    TextOp theirs = op(1, "R");
    assertThat(T.transform(mine, theirs, Side.LEFT)).isEqualTo(op(1, "L"));
    assertThat(T.transform(theirs, mine, Side.RIGHT)).isEqualTo(op(2, "R"));
    assertThat(apply(apply("ab", mine), T.transform(theirs, mine, Side.RIGHT))).isEqualTo("aLRb");
  }

  @Test
  void rightInsertSkipsOverTheOtherInsertAtTheSamePosition() {
    assertThat(T.transform(op("R"), op("LL"), Side.RIGHT)).isEqualTo(op(2, "R"));
  }

  @Test
  void insertAtTheStartOfAConcurrentDeleteIsNotATie() {
    assertThat(T.transform(op(1, "x"), op(1, d(2)), Side.RIGHT)).isEqualTo(op(1, "x"));
    assertThat(T.transform(op(1, d(2)), op(1, "x"), Side.LEFT)).isEqualTo(op(2, d(2)));
  }

  @Test
  void adjacentInsertsTieBreakAsTheOneInsertTheyMean() {
    TextOp split = new TextOp(List.of(new Insert("a"), new Insert("b")));
    assertThat(T.transform(split, op("X"), Side.LEFT)).isEqualTo(op("ab"));
  }

  // Deletes: text versus count

  @Test
  void insertInsideAConcurrentlyDeletedRangeSurvives() {
    assertThat(T.transform(op(2, "x"), op(1, d(3)), Side.LEFT)).isEqualTo(op(1, "x"));
  }

  @Test
  void textAlreadyDeletedByTheOtherOpIsNotDeletedTwice() {
    assertThat(T.transform(op(d("abc")), op(1, d("b")), Side.LEFT)).isEqualTo(op(d("ac")));
    assertThat(T.transform(op(d("abc")), op(d("abc")), Side.LEFT)).isEqualTo(op());
  }

  @Test
  void textDeleteIsCutByCodePointsWhenTransformed() {
    TextOp deleteAll = op(d("a😀b"));
    TextOp insertAfterEmoji = op(2, "!");
    assertThat(wire(T.transform(deleteAll, insertAfterEmoji, Side.LEFT))).isEqualTo(List.of(d("a😀"), 1, d("b")));
  }

  @Test
  void twoTextDeletesMergeIntoOneTextDelete() {
    assertThat(T.compose(op(d("ab")), op(d("cd")))).isEqualTo(op(d("abcd")));
  }

  @Test
  void aTextDeleteNextToACountDeleteMergesIntoACount() {
    assertThat(wire(T.compose(op(d("ab")), op(d(2))))).isEqualTo(List.of(d(4)));
    assertThat(wire(T.normalize(new TextOp(List.of(Delete.count(1), Delete.text("é")))))).isEqualTo(List.of(d(2)));
  }

  @Test
  void composeTakesDeletedTextFromTheSecondOp() {
    assertThat(T.compose(op(1, "x"), op(2, d("b")))).isEqualTo(op(1, "x", d("b")));
  }

  @Test
  void composePutsAnInsertBeforeADeleteAtTheSamePosition() {
    assertThat(wire(T.compose(op(d("ab")), op("ab")))).isEqualTo(List.of("ab", d("ab")));
  }

  @Test
  void composeCancelsTextThatTheSecondOpDeletesRightAfterTheFirstInsertedIt() {
    assertThat(T.compose(op(1, "x😀y"), op(2, d("😀")))).isEqualTo(op(1, "xy"));
    assertThat(T.compose(op("abc"), op(d(3)))).isEqualTo(op());
  }

  @Test
  void applyRejectsATextDeleteThatDoesNotMatchTheDocument() {
    assertThatThrownBy(() -> apply("hello", op(1, d("x"))))
        .isInstanceOfSatisfying(InvalidOpException.class, e -> assertThat(e.component()).isEqualTo(1))
        .hasMessageContaining("does not match");
  }

  // Code points

  @Test
  void anAstralCharacterCountsAsOneCodePoint() {
    assertThat(apply("😀a", op(1, "x"))).isEqualTo("😀xa");
    assertThat(apply("😀😀", op(1, d(1)))).isEqualTo("😀");
  }

  @Test
  void combiningMarksZwjSequencesAndFlagsCountEachCodePoint() {
    assertThat(apply("e\u0301!", op(2, "?"))).isEqualTo("e\u0301?!");
    assertThat(apply("👩\u200d💻", op(d(3)))).isEmpty();
    assertThat(apply("🇯🇵", op(1, "|"))).isEqualTo("🇯|🇵");
  }

  @Test
  void aSkipPastTheEndIsCountedInCodePointsNotUtf16Units() {
    assertThat(apply("😀😀", op(2, "x"))).isEqualTo("😀😀x");
    assertThatThrownBy(() -> apply("😀😀", op(3, "x"))).isInstanceOf(InvalidOpException.class);
  }

  // Normalization and no-ops

  @Test
  void applyAcceptsAdjacentInsertsAndAdjacentDeletes() {
    TextOp split = new TextOp(List.of(new Skip(1), new Insert("x"), new Insert("y"), Delete.count(1), Delete.text("c")));
    assertThat(apply("abcd", split)).isEqualTo("axyd");
  }

  @Test
  void normalizeMergesAdjacentComponentsAndKeepsTheirOrder() {
    TextOp messy = new TextOp(List.of(new Insert("a"), new Insert("😀"), Delete.text("x"), Delete.text("y"), new Insert("b")));
    assertThat(wire(T.normalize(messy))).isEqualTo(List.of("a😀", d("xy"), "b"));
  }

  @Test
  void onlyTheEmptyOpIsANoop() {
    assertThat(T.isNoop(op())).isTrue();
    assertThat(T.isNoop(op(3, "x"))).isFalse();
    assertThat(T.isNoop(T.compose(op("x"), op(d(1))))).isTrue();
  }

  @Test
  void wholeNumbersWrittenAsDecimalsAreAccepted() {
    assertThat(op(2.0, d(1.0))).isEqualTo(op(2, d(1)));
    assertThat(op(2L, "x")).isEqualTo(op(2, "x"));
  }

  @Test
  void createAcceptsOnlyAString() {
    assertThat(T.create("héllo")).hasToString("héllo");
    assertThatThrownBy(() -> T.create(List.of())).isInstanceOf(InvalidOpException.class);
    assertThatThrownBy(() -> T.create(null)).isInstanceOf(InvalidOpException.class);
  }

  // Malformed ops

  static Stream<Arguments> malformedOps() {
    Map<String, Object> extraField = new HashMap<>(Map.of("d", 1, "note", "x"));
    return Stream.of(
        arguments("a skip of zero", Arrays.asList(0, "x"), 0, "skip must be > 0"),
        arguments("a negative skip", Arrays.asList(2, "x", -1, "y"), 2, "skip must be > 0"),
        arguments("a fractional skip", Arrays.asList(1.5, "x"), 0, "whole number"),
        arguments("two adjacent skips", Arrays.asList("a", 1, 1, d(1)), 2, "adjacent skips"),
        arguments("a trailing skip", Arrays.asList("x", 3), 1, "end with a skip"),
        arguments("an empty insert", Arrays.asList(2, "", d(1)), 1, "insert must not be empty"),
        arguments("an insert with a lone surrogate", Arrays.asList(1, "\ud83d"), 1, "lone surrogate"),
        arguments("a delete of zero", Arrays.asList(1, "a", d(0)), 2, "delete must be > 0"),
        arguments("an empty delete text", Arrays.asList(d("")), 0, "delete must not be empty"),
        arguments("a delete text with a lone surrogate", Arrays.asList(1, d("\ude00")), 1, "lone surrogate"),
        arguments("a delete of an array", Arrays.asList("x", Map.of("d", List.of(1))), 1, "number or a string"),
        arguments("an object without d", Arrays.asList(Map.of("i", "x")), 0, "only \"d\""),
        arguments("a delete with an extra field", Arrays.asList(extraField), 0, "only \"d\""),
        arguments("a null component", Arrays.asList(1, "x", null), 2, "got null"),
        arguments("a boolean component", Arrays.asList(1, false, 2, "!"), 1, "got boolean"),
        arguments("a nested array", Arrays.asList("x", List.of(1, "x")), 1, "got an array"),
        arguments("a huge skip", Arrays.asList(1L << 40, "x"), 0, "too large"));
  }

  @ParameterizedTest(name = "an op with {0} is rejected at component {2}")
  @MethodSource("malformedOps")
  void malformedOpIsRejectedWithTheComponentAtFault(String what, List<Object> json, int index, String reason) {
    assertThatThrownBy(() -> T.parseOp(json))
        .isInstanceOfSatisfying(InvalidOpException.class, e -> {
          assertThat(e.component()).as("component index").isEqualTo(index);
          assertThat(e.reason()).contains(reason);
        });
  }

  @Test
  void anOpThatIsNotAnArrayIsRejectedAsAWhole() {
    for (Object json : Arrays.asList(null, Map.of("d", 1), "abc", 5, true)) {
      assertThatThrownBy(() -> T.parseOp(json))
          .isInstanceOfSatisfying(InvalidOpException.class, e -> assertThat(e.component()).isEqualTo(-1))
          .hasMessageContaining("array");
    }
  }

  @Test
  void aSkipPastTheEndOfTheDocumentIsRejectedAtThatSkip() {
    assertThatThrownBy(() -> apply("héllo", op(d(3), 20, "x")))
        .isInstanceOfSatisfying(InvalidOpException.class, e -> assertThat(e.component()).isEqualTo(1))
        .hasMessageContaining("past the end");
  }

  @Test
  void opsTooLongForAnyDocumentAreRejectedNotOverflowed() {
    TextOp huge = op(d(Integer.MAX_VALUE), d(Integer.MAX_VALUE));
    assertThatThrownBy(() -> T.normalize(huge)).isInstanceOf(InvalidOpException.class);
    assertThatThrownBy(() -> T.transform(op("x"), huge, Side.LEFT)).isInstanceOf(InvalidOpException.class);
  }

  @Test
  void aDeletePastTheEndOfTheDocumentIsRejected() {
    assertThatThrownBy(() -> apply("héllo", op(1, d(100))))
        .isInstanceOfSatisfying(InvalidOpException.class, e -> assertThat(e.component()).isEqualTo(1));
  }

  // Cursors

  @Test
  void anInsertBeforeTheCursorPushesItRight() {
    assertThat(T.transformPosition(3, op(1, "😀👍🏽"))).isEqualTo(6);
  }

  @Test
  void anInsertExactlyAtTheCursorLeavesItInFront() {
    assertThat(T.transformPosition(2, op(2, "xyz"))).isEqualTo(2);
    assertThat(T.transformPosition(0, op("xyz"))).isZero();
  }

  @Test
  void aDeleteAroundTheCursorPullsItToTheDeleteStart() {
    assertThat(T.transformPosition(4, op(2, d(5)))).isEqualTo(2);
    assertThat(T.transformPosition(9, op(2, d("a😀c")))).isEqualTo(6);
  }

  @Test
  void aCursorBeforeEveryChangeStaysPut() {
    assertThat(T.transformPosition(1, op(3, "x", d(2)))).isEqualTo(1);
  }

  @Test
  void aNegativeCursorIsRejected() {
    assertThatThrownBy(() -> T.transformPosition(-1, op("x"))).isInstanceOf(IllegalArgumentException.class);
  }
}
