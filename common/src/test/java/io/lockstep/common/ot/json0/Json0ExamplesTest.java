package io.lockstep.common.ot.json0;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lockstep.common.ot.InvalidOpException;
import io.lockstep.common.ot.JsonValues;
import io.lockstep.common.ot.Side;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Named examples of json0 behaviour: one per component kind, tie-break, merge rule and error. */
class Json0ExamplesTest {
  private static final Json0Type TYPE = Json0Type.INSTANCE;
  private static final ObjectMapper JSON = new ObjectMapper();

  @Nested
  class Apply {
    @Test
    void objectInsertAddsAKey() {
      assertApplies("{\"a\":1}", "[{\"p\":[\"b\"],\"oi\":{\"x\":[true]}}]", "{\"a\":1,\"b\":{\"x\":[true]}}");
    }

    @Test
    void objectDeleteRemovesAKey() {
      assertApplies("{\"a\":1,\"b\":2}", "[{\"p\":[\"a\"],\"od\":1}]", "{\"b\":2}");
    }

    @Test
    void objectReplaceSwapsTheValue() {
      assertApplies("{\"a\":1}", "[{\"p\":[\"a\"],\"od\":1,\"oi\":\"one\"}]", "{\"a\":\"one\"}");
    }

    @Test
    void replaceAtTheRootSwapsTheWholeDocument() {
      assertApplies("{\"a\":1}", "[{\"p\":[],\"od\":{\"a\":1},\"oi\":[1,2]}]", "[1,2]");
    }

    @Test
    void listInsertGoesBeforeTheIndexOrAtTheEnd() {
      assertApplies("[\"a\",\"b\"]", "[{\"p\":[1],\"li\":\"x\"},{\"p\":[3],\"li\":\"end\"}]", "[\"a\",\"x\",\"b\",\"end\"]");
    }

    @Test
    void listDeleteRemovesTheElement() {
      assertApplies("{\"l\":[\"a\",\"b\",\"c\"]}", "[{\"p\":[\"l\",1],\"ld\":\"b\"}]", "{\"l\":[\"a\",\"c\"]}");
    }

    @Test
    void listReplaceSwapsTheElement() {
      assertApplies("{\"l\":[\"a\",\"b\"]}", "[{\"p\":[\"l\",0],\"ld\":\"a\",\"li\":{\"z\":null}}]", "{\"l\":[{\"z\":null},\"b\"]}");
    }

    @Test
    void listMovePutsTheElementAtItsNewIndex() {
      assertApplies("[\"a\",\"b\",\"c\",\"d\"]", "[{\"p\":[0],\"lm\":2}]", "[\"b\",\"c\",\"a\",\"d\"]");
      assertApplies("[\"a\",\"b\",\"c\",\"d\"]", "[{\"p\":[3],\"lm\":1}]", "[\"a\",\"d\",\"b\",\"c\"]");
    }

    @Test
    void numberAddKeepsIntegersIntegral() {
      Object result = TYPE.apply(TYPE.create(json("{\"n\":5}")), op("[{\"p\":[\"n\"],\"na\":-7}]"));
      assertThat(((Map<?, ?>) result).get("n")).isEqualTo(-2);
    }

    @Test
    void numberAddOfAFractionGivesADouble() {
      assertApplies("{\"n\":5}", "[{\"p\":[\"n\"],\"na\":-2.25}]", "{\"n\":2.75}");
    }

    @Test
    void numberAddPastTheLongRangeFallsBackToDoubles() {
      Object result = TYPE.apply(List.of(Long.MAX_VALUE), op("[{\"p\":[0],\"na\":1}]"));
      assertThat(((List<?>) result).get(0)).isEqualTo(Long.MAX_VALUE + 1.0);
    }

    @Test
    void numberAddWorksOnANumberAtTheRoot() {
      assertApplies("3", "[{\"p\":[],\"na\":4}]", "7");
    }

    @Test
    void stringOffsetsCountUtf16CodeUnits() {
      // The emoji is two UTF-16 code units, so offset 3 is right after it.
      assertApplies("{\"s\":\"a😀b\"}", "[{\"p\":[\"s\",3],\"si\":\"X\"}]", "{\"s\":\"a😀Xb\"}");
    }

    @Test
    void stringDeleteRemovesTheText() {
      assertApplies("{\"s\":\"héllo\"}", "[{\"p\":[\"s\",1],\"sd\":\"él\"}]", "{\"s\":\"hlo\"}");
    }

    @Test
    void anOffsetMayFallInsideASurrogatePair() {
      assertApplies("{\"s\":\"😀\"}", "[{\"p\":[\"s\",1],\"si\":\"x\"}]", "{\"s\":\"\\ud83dx\\ude00\"}");
    }

    @Test
    void text0SubtypeAppliesItsEditsInOrder() {
      assertApplies("{\"s\":\"abc\"}", "[{\"p\":[\"s\"],\"t\":\"text0\",\"o\":[{\"p\":3,\"i\":\"d\"},{\"p\":0,\"d\":\"ab\"}]}]",
          "{\"s\":\"cd\"}");
    }

    @Test
    void text0SubtypeEditsAStringAtTheRoot() {
      assertApplies("\"abc\"", "[{\"p\":[],\"t\":\"text0\",\"o\":[{\"p\":1,\"i\":\"X\"}]}]", "\"aXbc\"");
    }

    @Test
    void componentsWorkAtAnyDepth() {
      assertApplies("{\"a\":[{\"b\":[0,{\"c\":\"xy\"}]}]}", "[{\"p\":[\"a\",0,\"b\",1,\"c\",1],\"si\":\"!\"}]",
          "{\"a\":[{\"b\":[0,{\"c\":\"x!y\"}]}]}");
    }

    @Test
    void componentsSeeTheDocumentAsThePreviousOnesLeftIt() {
      assertApplies("{}", "[{\"p\":[\"l\"],\"oi\":[]},{\"p\":[\"l\",0],\"li\":\"x\"},{\"p\":[\"l\",0,0],\"si\":\"y\"}]",
          "{\"l\":[\"yx\"]}");
    }

    @Test
    void deletedValuesAreNotComparedWithTheDocument() {
      // As in the reference: od/ld carry what the client saw, for invert; apply does not check them.
      assertApplies("{\"a\":1,\"l\":[1]}", "[{\"p\":[\"a\"],\"od\":999},{\"p\":[\"l\",0],\"ld\":\"other\"}]", "{\"l\":[]}");
    }
  }

  @Nested
  class ApplyErrors {
    @Test
    void listInstructionOnAnObjectIsRejectedWithItsComponentIndex() {
      assertRejected("{\"n\":1,\"o\":{}}", "[{\"p\":[\"n\"],\"na\":1},{\"p\":[\"o\",0],\"li\":1}]", 1, List.of("o", 0));
    }

    @Test
    void objectInstructionOnAListIsRejected() {
      assertRejected("{\"l\":[1]}", "[{\"p\":[\"l\",\"x\"],\"oi\":1}]", 0, List.of("l", "x"));
    }

    @Test
    void stringDeleteOfTextThatIsNotThereIsRejected() {
      assertRejected("{\"s\":\"abc\"}", "[{\"p\":[\"s\",1],\"sd\":\"x\"}]", 0, List.of("s", 1));
    }

    @Test
    void stringInsertPastTheEndIsRejected() {
      assertRejected("{\"s\":\"abc\"}", "[{\"p\":[\"s\",4],\"si\":\"x\"}]", 0, List.of("s", 4));
    }

    @Test
    void listIndexPastTheEndIsRejected() {
      assertRejected("{\"l\":[1,2]}", "[{\"p\":[\"l\",3],\"li\":0}]", 0, List.of("l", 3));
      assertRejected("{\"l\":[1,2]}", "[{\"p\":[\"l\",2],\"ld\":0}]", 0, List.of("l", 2));
      assertRejected("{\"l\":[1,2]}", "[{\"p\":[\"l\",0],\"lm\":2}]", 0, List.of("l", 0));
    }

    @Test
    void numberAddOnAStringIsRejected() {
      assertRejected("{\"s\":\"1\"}", "[{\"p\":[\"s\"],\"na\":1}]", 0, List.of("s"));
    }

    @Test
    void pathThroughAMissingKeyIsRejected() {
      assertRejected("{}", "[{\"p\":[\"missing\",\"x\"],\"oi\":1}]", 0, List.of("missing", "x"));
    }

    @Test
    void objectInsertOverAnExistingKeyNeedsOd() {
      assertRejected("{\"a\":1}", "[{\"p\":[\"a\"],\"oi\":2}]", 0, List.of("a"));
    }

    @Test
    void objectDeleteOfAMissingKeyIsRejected() {
      assertRejected("{}", "[{\"p\":[\"a\"],\"od\":1}]", 0, List.of("a"));
    }

    @Test
    void stringEditOnAListIsRejected() {
      assertRejected("{\"l\":[\"a\"]}", "[{\"p\":[\"l\",0],\"si\":\"x\"}]", 0, List.of("l", 0));
    }

    @Test
    void theRootCannotBeDeleted() {
      assertRejected("{}", "[{\"p\":[],\"od\":{}}]", 0, List.of());
    }
  }

  @Nested
  class Parsing {
    static Stream<Arguments> malformedOps() {
      return Stream.of(
          Arguments.of("an op that is an object", "{\"p\":[\"n\"],\"na\":1}", -1),
          Arguments.of("an op that is a number", "7", -1),
          Arguments.of("an op that is null", "null", -1),
          Arguments.of("a component that is not an object", "[1]", 0),
          Arguments.of("a second component that is null", "[{\"p\":[\"n\"],\"na\":1},null]", 1),
          Arguments.of("a missing path", "[{\"oi\":1}]", 0),
          Arguments.of("a path that is a string", "[{\"p\":\"a\",\"oi\":1}]", 0),
          Arguments.of("a path element that is a boolean", "[{\"p\":[true],\"oi\":1}]", 0),
          Arguments.of("a negative index", "[{\"p\":[\"l\",-1],\"li\":1}]", 0),
          Arguments.of("a fractional index", "[{\"p\":[\"l\",1.5],\"li\":1}]", 0),
          Arguments.of("a component without instruction", "[{\"p\":[\"a\"],\"x\":1}]", 0),
          Arguments.of("two instructions in one component", "[{\"p\":[\"l\",0],\"li\":1,\"oi\":2}]", 0),
          Arguments.of("an unknown subtype", "[{\"p\":[\"s\"],\"t\":\"rich-text\",\"o\":[]}]", 0),
          Arguments.of("a text0 component whose o is not an array", "[{\"p\":[\"s\"],\"t\":\"text0\",\"o\":{\"p\":0,\"i\":\"x\"}}]", 0),
          Arguments.of("a text0 edit with both i and d", "[{\"p\":[\"s\"],\"t\":\"text0\",\"o\":[{\"p\":0,\"i\":\"x\",\"d\":\"y\"}]}]", 0),
          Arguments.of("a text0 edit without offset", "[{\"p\":[\"s\"],\"t\":\"text0\",\"o\":[{\"i\":\"x\"}]}]", 0),
          Arguments.of("si that is not a string", "[{\"p\":[\"s\",0],\"si\":5}]", 0),
          Arguments.of("si whose offset is a string", "[{\"p\":[\"s\",\"0\"],\"si\":\"x\"}]", 0),
          Arguments.of("si at the root", "[{\"p\":[],\"si\":\"x\"}]", 0),
          Arguments.of("na that is a string", "[{\"p\":[\"n\"],\"na\":\"5\"}]", 0),
          Arguments.of("na that is a boolean", "[{\"p\":[\"n\"],\"na\":true}]", 0),
          Arguments.of("lm that is not an index", "[{\"p\":[\"l\",0],\"lm\":\"1\"}]", 0),
          Arguments.of("li at the root", "[{\"p\":[],\"li\":1}]", 0),
          Arguments.of("an object key that is a number", "[{\"p\":[\"o\",5],\"oi\":1}]", 0),
          Arguments.of("a bad third component", "[{\"p\":[\"a\"],\"oi\":1},{\"p\":[\"b\"],\"od\":2},{\"p\":[\"c\"]}]", 2));
    }

    @ParameterizedTest(name = "{0} is rejected at component {2}")
    @MethodSource("malformedOps")
    void malformedOpIsRejectedWithItsComponentIndex(String what, String opJson, int component) {
      assertThatThrownBy(() -> TYPE.parseOp(json(opJson)))
          .isInstanceOfSatisfying(InvalidOpException.class, e -> assertThat(e.component()).isEqualTo(component));
    }

    @Test
    void errorsCarryTheComponentPath() {
      assertThatThrownBy(() -> op("[{\"p\":[\"n\"],\"na\":1},{\"p\":[\"list\",0],\"lm\":-1}]"))
          .isInstanceOfSatisfying(InvalidOpException.class, e -> {
            assertThat(e.component()).isEqualTo(1);
            assertThat(e.path()).containsExactly("list", 0);
            assertThat(e.getMessage()).startsWith("component 1 at [list, 0]: ");
          });
    }

    @Test
    void unknownFieldsAreIgnored() {
      assertThat(op("[{\"p\":[\"n\"],\"na\":1,\"comment\":\"x\"}]")).isEqualTo(op("[{\"p\":[\"n\"],\"na\":1}]"));
    }

    @Test
    void integralDoublesAreIndexes() {
      assertThat(op("[{\"p\":[\"l\",2.0],\"li\":1}]")).isEqualTo(op("[{\"p\":[\"l\",2],\"li\":1}]"));
    }

    @Test
    void writeGivesBackTheWireFormat() {
      String wire = "[{\"p\":[\"a\",0],\"ld\":1,\"li\":2},{\"p\":[\"s\"],\"t\":\"text0\",\"o\":[{\"p\":1,\"d\":\"x\"}]}]";
      assertJson(TYPE.writeOp(op(wire)), wire);
    }
  }

  @Nested
  class TieBreaks {
    @Test
    void leftListInsertGoesFirstAtTheSameIndex() {
      assertTransforms("{\"l\":[\"x\",\"y\"]}", "[{\"p\":[\"l\",1],\"li\":\"A\"}]", "[{\"p\":[\"l\",1],\"li\":\"B\"}]",
          "[{\"p\":[\"l\",1],\"li\":\"A\"}]", "[{\"p\":[\"l\",2],\"li\":\"B\"}]", "{\"l\":[\"x\",\"A\",\"B\",\"y\"]}");
    }

    @Test
    void leftStringInsertGoesFirstAtTheSameOffset() {
      assertTransforms("{\"s\":\"ab\"}", "[{\"p\":[\"s\",1],\"si\":\"X\"}]", "[{\"p\":[\"s\",1],\"si\":\"Y\"}]",
          "[{\"p\":[\"s\",1],\"si\":\"X\"}]", "[{\"p\":[\"s\",2],\"si\":\"Y\"}]", "{\"s\":\"aXYb\"}");
    }

    @Test
    void leftText0InsertGoesFirstAtTheSameOffset() {
      assertTransforms("{\"s\":\"ab\"}", "[{\"p\":[\"s\"],\"t\":\"text0\",\"o\":[{\"p\":1,\"i\":\"X\"}]}]",
          "[{\"p\":[\"s\"],\"t\":\"text0\",\"o\":[{\"p\":1,\"i\":\"Y\"}]}]",
          "[{\"p\":[\"s\"],\"t\":\"text0\",\"o\":[{\"p\":1,\"i\":\"X\"}]}]",
          "[{\"p\":[\"s\"],\"t\":\"text0\",\"o\":[{\"p\":2,\"i\":\"Y\"}]}]", "{\"s\":\"aXYb\"}");
    }

    @Test
    void leftObjectInsertWinsTheSameKey() {
      assertTransforms("{}", "[{\"p\":[\"k\"],\"oi\":1}]", "[{\"p\":[\"k\"],\"oi\":2}]",
          "[{\"p\":[\"k\"],\"od\":2,\"oi\":1}]", "[]", "{\"k\":1}");
    }

    @Test
    void leftObjectReplaceWinsTheSameKey() {
      assertTransforms("{\"k\":0}", "[{\"p\":[\"k\"],\"od\":0,\"oi\":1}]", "[{\"p\":[\"k\"],\"od\":0,\"oi\":2}]",
          "[{\"p\":[\"k\"],\"od\":2,\"oi\":1}]", "[]", "{\"k\":1}");
    }

    @Test
    void leftListReplaceWinsTheSameElement() {
      assertTransforms("{\"l\":[\"x\"]}", "[{\"p\":[\"l\",0],\"ld\":\"x\",\"li\":\"A\"}]",
          "[{\"p\":[\"l\",0],\"ld\":\"x\",\"li\":\"B\"}]",
          "[{\"p\":[\"l\",0],\"ld\":\"B\",\"li\":\"A\"}]", "[]", "{\"l\":[\"A\"]}");
    }

    @Test
    void leftListMoveWinsTheSameElement() {
      // The right move put "a" at index 1; the left move now takes it from there.
      assertTransforms("{\"l\":[\"a\",\"b\",\"c\"]}", "[{\"p\":[\"l\",0],\"lm\":2}]", "[{\"p\":[\"l\",0],\"lm\":1}]",
          "[{\"p\":[\"l\",1],\"lm\":2}]", "[]", "{\"l\":[\"b\",\"c\",\"a\"]}");
    }
  }

  @Nested
  class Transform {
    @Test
    void editInsideADeletedValueIsDroppedAndTheDeleteCarriesTheEdit() {
      assertTransforms("{\"o\":{\"n\":1}}", "[{\"p\":[\"o\",\"n\"],\"na\":5}]", "[{\"p\":[\"o\"],\"od\":{\"n\":1}}]",
          "[]", "[{\"p\":[\"o\"],\"od\":{\"n\":6}}]", "{}");
    }

    @Test
    void replaceOfADeletedElementBecomesAnInsert() {
      assertTransforms("{\"l\":[\"x\",\"y\"]}", "[{\"p\":[\"l\",0],\"ld\":\"x\",\"li\":\"X\"}]", "[{\"p\":[\"l\",0],\"ld\":\"x\"}]",
          "[{\"p\":[\"l\",0],\"li\":\"X\"}]", "[]", "{\"l\":[\"X\",\"y\"]}");
    }

    @Test
    void editFollowsTheElementThatMoved() {
      assertTransforms("{\"l\":[\"a\",\"b\",\"c\"]}", "[{\"p\":[\"l\",0,1],\"si\":\"!\"}]", "[{\"p\":[\"l\",0],\"lm\":2}]",
          "[{\"p\":[\"l\",2,1],\"si\":\"!\"}]", "[{\"p\":[\"l\",0],\"lm\":2}]", "{\"l\":[\"b\",\"c\",\"a!\"]}");
    }

    @Test
    void deleteAroundAConcurrentInsertSplitsInTwo() {
      assertTransforms("{\"s\":\"abcd\"}", "[{\"p\":[\"s\",1],\"sd\":\"bc\"}]", "[{\"p\":[\"s\",2],\"si\":\"X\"}]",
          "[{\"p\":[\"s\",1],\"sd\":\"b\"},{\"p\":[\"s\",2],\"sd\":\"c\"}]", "[{\"p\":[\"s\",1],\"si\":\"X\"}]",
          "{\"s\":\"aXd\"}");
    }

    @Test
    void stringEditFormsAreNotTransformedAgainstEachOther() {
      // The reference shifts neither an si/sd edit by a text0 edit of the same string nor the
      // reverse, so such ops do not converge; clients must use one form per string.
      Json0Op si = op("[{\"p\":[\"s\",0],\"si\":\"X\"}]");
      Json0Op text0 = op("[{\"p\":[\"s\"],\"t\":\"text0\",\"o\":[{\"p\":0,\"i\":\"Y\"}]}]");
      assertThat(TYPE.transform(si, text0, Side.LEFT)).isEqualTo(si);
      assertThat(TYPE.transform(text0, si, Side.RIGHT)).isEqualTo(text0);
    }

    @Test
    void concurrentDeletesOfDifferentTextAreRejected() {
      assertThatThrownBy(() -> TYPE.transform(op("[{\"p\":[\"s\",0],\"sd\":\"ab\"}]"), op("[{\"p\":[\"s\",1],\"sd\":\"x\"}]"), Side.LEFT))
          .isInstanceOf(InvalidOpException.class);
    }

    @Test
    void transformAgainstTheEmptyOpChangesNothing() {
      Json0Op a = op("[{\"p\":[\"n\"],\"na\":1},{\"p\":[\"n\"],\"na\":2}]");
      assertThat(TYPE.transform(a, Json0Op.empty(), Side.RIGHT)).isEqualTo(a);
    }
  }

  @Nested
  class Compose {
    @Test
    void numberAddsMerge() {
      assertComposes("[{\"p\":[\"n\"],\"na\":1}]", "[{\"p\":[\"n\"],\"na\":2.5}]", "[{\"p\":[\"n\"],\"na\":3.5}]");
    }

    @Test
    void listInsertThenDeleteOfTheSameScalarCancels() {
      assertComposes("[{\"p\":[\"l\",0],\"li\":\"x\"}]", "[{\"p\":[\"l\",0],\"ld\":\"x\"}]", "[]");
    }

    @Test
    void listReplaceThenDeleteOfTheNewValueKeepsTheDelete() {
      assertComposes("[{\"p\":[\"l\",0],\"ld\":\"old\",\"li\":\"x\"}]", "[{\"p\":[\"l\",0],\"ld\":\"x\"}]",
          "[{\"p\":[\"l\",0],\"ld\":\"old\"}]");
    }

    @Test
    void listInsertThenDeleteOfAnObjectDoesNotCancel() {
      // The reference compares with ===, and two JSON clones of an object are never ===.
      assertComposes("[{\"p\":[\"l\",0],\"li\":{}}]", "[{\"p\":[\"l\",0],\"ld\":{}}]",
          "[{\"p\":[\"l\",0],\"li\":{}},{\"p\":[\"l\",0],\"ld\":{}}]");
    }

    @Test
    void objectDeleteThenInsertBecomesAReplace() {
      assertComposes("[{\"p\":[\"k\"],\"od\":1}]", "[{\"p\":[\"k\"],\"oi\":2}]", "[{\"p\":[\"k\"],\"od\":1,\"oi\":2}]");
    }

    @Test
    void objectInsertThenDeleteCancels() {
      assertComposes("[{\"p\":[\"k\"],\"oi\":[1]}]", "[{\"p\":[\"k\"],\"od\":[1]}]", "[]");
      assertComposes("[{\"p\":[\"k\"],\"od\":0,\"oi\":1}]", "[{\"p\":[\"k\"],\"od\":1}]", "[{\"p\":[\"k\"],\"od\":0}]");
      assertComposes("[{\"p\":[\"k\"],\"oi\":1}]", "[{\"p\":[\"k\"],\"od\":1,\"oi\":2}]", "[{\"p\":[\"k\"],\"oi\":2}]");
    }

    @Test
    void adjacentStringInsertsJoin() {
      assertComposes("[{\"p\":[\"s\",1],\"si\":\"ab\"}]", "[{\"p\":[\"s\",3],\"si\":\"c\"}]", "[{\"p\":[\"s\",1],\"si\":\"abc\"}]");
    }

    @Test
    void touchingStringDeletesJoin() {
      assertComposes("[{\"p\":[\"s\",2],\"sd\":\"cd\"}]", "[{\"p\":[\"s\",1],\"sd\":\"b\"}]", "[{\"p\":[\"s\",1],\"sd\":\"bcd\"}]");
    }

    @Test
    void onlyNeighboursMerge() {
      assertComposes("[{\"p\":[\"n\"],\"na\":1},{\"p\":[\"m\"],\"na\":1}]", "[{\"p\":[\"n\"],\"na\":1}]",
          "[{\"p\":[\"n\"],\"na\":1},{\"p\":[\"m\"],\"na\":1},{\"p\":[\"n\"],\"na\":1}]");
    }

    @Test
    void aMoveOntoItselfIsDroppedAfterAComponentAtTheSamePath() {
      assertComposes("[{\"p\":[\"l\",1],\"li\":\"x\"}]", "[{\"p\":[\"l\",1],\"lm\":1}]", "[{\"p\":[\"l\",1],\"li\":\"x\"}]");
      assertComposes("[]", "[{\"p\":[\"l\",1],\"lm\":1}]", "[{\"p\":[\"l\",1],\"lm\":1}]");
    }

    @Test
    void normalizeMergesUntilNothingMerges() {
      // One pass of the reference's appender leaves [sd@2 "a", sd@0 "aa"]: the second merge makes
      // the last delete touch the first. Normalize repeats the pass so that it is idempotent.
      Json0Op op = op("[{\"p\":[\"s\",2],\"sd\":\"a\"},{\"p\":[\"s\",0],\"sd\":\"a\"},{\"p\":[\"s\",0],\"sd\":\"a\"}]");
      assertJson(TYPE.writeOp(TYPE.normalize(op)), "[{\"p\":[\"s\",0],\"sd\":\"aaa\"}]");
      assertJson(TYPE.apply(json("{\"s\":\"aaaa\"}"), TYPE.normalize(op)), "{\"s\":\"a\"}");
    }

    @Test
    void noopsAreRecognised() {
      assertThat(TYPE.isNoop(Json0Op.empty())).isTrue();
      assertThat(TYPE.isNoop(op("[{\"p\":[\"l\",1],\"lm\":1},{\"p\":[\"n\"],\"na\":0}]"))).isTrue();
      assertThat(TYPE.isNoop(op("[{\"p\":[\"n\"],\"na\":1}]"))).isFalse();
    }
  }

  @Nested
  class Immutability {
    @Test
    void applyLeavesTheInputDocumentAsItWasAndSharesUntouchedParts() {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("l", new ArrayList<>(List.of("a", new LinkedHashMap<>(Map.of("s", "xy")))));
      doc.put("other", new ArrayList<>(List.of(1, 2)));
      String before = doc.toString();
      Object result = TYPE.apply(doc, op("[{\"p\":[\"l\",1,\"s\",1],\"si\":\"!\"},{\"p\":[\"l\",0],\"ld\":\"a\"}]"));
      assertThat(doc.toString()).isEqualTo(before);
      assertJson(result, "{\"l\":[{\"s\":\"x!y\"}],\"other\":[1,2]}");
      assertThat(((Map<?, ?>) result).get("other")).isSameAs(doc.get("other"));
    }

    @Test
    void aRejectedOpLeavesTheInputDocumentAsItWas() {
      Map<String, Object> doc = new LinkedHashMap<>(Map.of("n", 1, "s", "abc"));
      String before = doc.toString();
      assertThatThrownBy(() -> TYPE.apply(doc, op("[{\"p\":[\"n\"],\"na\":1},{\"p\":[\"s\",0],\"sd\":\"x\"}]")))
          .isInstanceOf(InvalidOpException.class);
      assertThat(doc.toString()).isEqualTo(before);
    }

    @Test
    void whatApplyBuildsCannotBeModified() {
      Object result = TYPE.apply(TYPE.create(json("{\"l\":[]}")), op("[{\"p\":[\"l\",0],\"li\":1}]"));
      assertThatThrownBy(() -> ((List<?>) ((Map<?, ?>) result).get("l")).clear())
          .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void createAndParseCopyTheirInput() {
      List<Object> data = new ArrayList<>(List.of(1));
      Object snapshot = TYPE.create(data);
      Map<String, Object> component = new LinkedHashMap<>();
      List<Object> value = new ArrayList<>(List.of("v"));
      component.put("p", List.of(0));
      component.put("li", value);
      Json0Op parsed = TYPE.parseOp(List.of(component));
      data.add(2);
      value.add("changed");
      assertJson(snapshot, "[1]");
      assertJson(TYPE.writeOp(parsed), "[{\"p\":[0],\"li\":[\"v\"]}]");
    }
  }

  @Nested
  class Invert {
    @Test
    void invertUndoesEveryKindOfComponent() {
      String doc = "{\"o\":{\"a\":1,\"b\":2},\"l\":[\"x\",\"y\",\"z\"],\"n\":5,\"s\":\"héllo😀\",\"t\":\"abc\"}";
      Json0Op op = op("[{\"p\":[\"o\",\"c\"],\"oi\":3},{\"p\":[\"o\",\"a\"],\"od\":1},{\"p\":[\"o\",\"b\"],\"od\":2,\"oi\":\"B\"},"
          + "{\"p\":[\"l\",0],\"li\":\"w\"},{\"p\":[\"l\",1],\"ld\":\"x\"},{\"p\":[\"l\",1],\"ld\":\"y\",\"li\":\"Y\"},"
          + "{\"p\":[\"l\",0],\"lm\":2},{\"p\":[\"n\"],\"na\":2.5},{\"p\":[\"s\",1],\"si\":\"Z\"},{\"p\":[\"s\",0],\"sd\":\"h\"},"
          + "{\"p\":[\"t\"],\"t\":\"text0\",\"o\":[{\"p\":1,\"i\":\"Q\"},{\"p\":0,\"d\":\"a\"}]}]");
      Object after = TYPE.apply(json(doc), op);
      assertJson(after, "{\"o\":{\"b\":\"B\",\"c\":3},\"l\":[\"Y\",\"z\",\"w\"],\"n\":7.5,\"s\":\"Zéllo😀\",\"t\":\"Qbc\"}");
      assertJson(TYPE.apply(after, TYPE.invert(op)), doc);
    }

    @Test
    void invertOfAMoveMovesTheElementBack() {
      assertJson(TYPE.writeOp(TYPE.invert(op("[{\"p\":[\"l\",0],\"lm\":2}]"))), "[{\"p\":[\"l\",2],\"lm\":0}]");
    }

    @Test
    void invertReversesTheComponents() {
      assertJson(TYPE.writeOp(TYPE.invert(op("[{\"p\":[\"k\"],\"oi\":1},{\"p\":[\"n\"],\"na\":3}]"))),
          "[{\"p\":[\"n\"],\"na\":-3},{\"p\":[\"k\"],\"od\":1}]");
    }
  }

  private static void assertApplies(String doc, String opJson, String expected) {
    assertJson(TYPE.apply(TYPE.create(json(doc)), op(opJson)), expected);
  }

  private static void assertRejected(String doc, String opJson, int component, List<Object> path) {
    assertThatThrownBy(() -> TYPE.apply(TYPE.create(json(doc)), op(opJson)))
        .isInstanceOfSatisfying(InvalidOpException.class, e -> {
          assertThat(e.component()).isEqualTo(component);
          assertThat(e.path()).isEqualTo(path);
        });
  }

  /** Checks both transforms against the expected ops and that both orders reach {@code converged}. */
  private static void assertTransforms(String doc, String left, String right, String leftAfterRight,
      String rightAfterLeft, String converged) {
    Json0Op a = op(left);
    Json0Op b = op(right);
    Json0Op aLeft = TYPE.transform(a, b, Side.LEFT);
    Json0Op bRight = TYPE.transform(b, a, Side.RIGHT);
    assertJson(TYPE.writeOp(aLeft), leftAfterRight);
    assertJson(TYPE.writeOp(bRight), rightAfterLeft);
    Object snapshot = TYPE.create(json(doc));
    assertJson(TYPE.apply(TYPE.apply(snapshot, a), bRight), converged);
    assertJson(TYPE.apply(TYPE.apply(snapshot, b), aLeft), converged);
  }

  private static void assertComposes(String first, String second, String expected) {
    assertJson(TYPE.writeOp(TYPE.compose(op(first), op(second))), expected);
  }

  private static void assertJson(Object actual, String expected) {
    Object want = json(expected);
    Object plain = TYPE.writeSnapshot(actual);
    assertTrue(JsonValues.deepEquals(want, plain), () -> "expected " + want + "\n but was " + plain);
  }

  private static Json0Op op(String json) {
    return TYPE.parseOp(json(json));
  }

  private static Object json(String text) {
    try {
      return JSON.readValue(text, Object.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(text, e);
    }
  }
}
