package io.lockstep.common.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class IdsTest {

  @ParameterizedTest
  @ValueSource(strings = {"a", "notes/1", "doc:notes/1", "A-Z_a.z:0/9", "...", "/", "-", "presence:room-7"})
  void idsOfTheAlphabetAreAccepted(String id) {
    assertThat(Ids.requireDoc(id)).isSameAs(id);
    assertThat(Ids.requireSrc(id)).isSameAs(id);
    assertThat(Ids.requireChannel(id)).isSameAs(id);
    assertThat(Ids.requireRoom(id)).isSameAs(id);
    assertThat(Ids.isDoc(id)).isTrue();
    assertThat(Ids.isSrc(id)).isTrue();
    assertThat(Ids.isName(id)).isTrue();
  }

  @Test
  void docIdsMayBe256CharactersButNotMore() {
    assertThat(Ids.isDoc("d".repeat(256))).isTrue();
    assertThat(Ids.isDoc("d".repeat(257))).isFalse();
    assertThatThrownBy(() -> Ids.requireDoc("d".repeat(257)))
        .isInstanceOf(LockstepException.class)
        .hasMessage("doc must be 1-256 characters of [A-Za-z0-9._:/-], got 257 characters");
  }

  @Test
  void srcIdsMayBe64CharactersButNotMore() {
    assertThat(Ids.isSrc("s".repeat(64))).isTrue();
    assertThat(Ids.isSrc("s".repeat(65))).isFalse();
    assertThat(Ids.isDoc("s".repeat(65))).isTrue();
  }

  @Test
  void channelAndRoomNamesFollowTheDocumentRules() {
    assertThat(Ids.requireChannel("c".repeat(256))).hasSize(256);
    assertThat(Ids.requireRoom("r".repeat(256))).hasSize(256);
    assertThatThrownBy(() -> Ids.requireChannel("c".repeat(257))).hasMessageStartingWith("channel must be 1-256");
    assertThatThrownBy(() -> Ids.requireRoom("r".repeat(257))).hasMessageStartingWith("room must be 1-256");
  }

  static Stream<Arguments> validators() {
    return Stream.of(
        Arguments.of("doc", (Function<String, String>) Ids::requireDoc, (Predicate<String>) Ids::isDoc),
        Arguments.of("src", (Function<String, String>) Ids::requireSrc, (Predicate<String>) Ids::isSrc),
        Arguments.of("channel", (Function<String, String>) Ids::requireChannel, (Predicate<String>) Ids::isName),
        Arguments.of("room", (Function<String, String>) Ids::requireRoom, (Predicate<String>) Ids::isName));
  }

  static Stream<Arguments> badIds() {
    String[] bad = {
        null, "", " ", "notes 1", " notes", "notes\t1", "notes\n", "café", "ñ", "文档", "emoji\uD83D\uDE00",
        "\uD83D", "a+b", "a#b", "a?b", "a%20b", "a\\b", "a\"b", "a'b", "{doc}", "a*", "a,b", "a;b", "a=b",
        "a@b", "a!b", "a&b", "a|b", "<a>", "a\u0000b", "a\u00a0b", "ａ", "x".repeat(300)};
    return validators().flatMap(v -> Stream.of(bad).map(id -> Arguments.of(v.get()[0], v.get()[1], v.get()[2], id)));
  }

  @ParameterizedTest(name = "{0} rejects {3}")
  @MethodSource("badIds")
  void badIdsAreRejectedAsBadRequest(String field, Function<String, String> require, Predicate<String> is, String id) {
    assertThat(is.test(id)).isFalse();
    assertThatThrownBy(() -> require.apply(id))
        .isInstanceOfSatisfying(LockstepException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST))
        .hasMessageStartingWith(field + " must be 1-");
  }

  @ParameterizedTest
  @NullAndEmptySource
  void missingIdsSaySoInTheMessage(String id) {
    assertThatThrownBy(() -> Ids.requireDoc(id))
        .hasMessageEndingWith(id == null ? "got nothing" : "got an empty string");
  }

  @Test
  void messageLocatesTheFirstBadCharacter() {
    assertThatThrownBy(() -> Ids.requireDoc("notes 1"))
        .hasMessage("doc must be 1-256 characters of [A-Za-z0-9._:/-], got \"notes' '1\" with ' ' at index 5");
    assertThatThrownBy(() -> Ids.requireSrc("caf\u00e9"))
        .hasMessageEndingWith("got \"cafU+00E9\" with U+00E9 at index 3");
  }

  @Test
  void messageShortensLongBadIds() {
    String id = "bad id " + "x".repeat(100);

    assertThatThrownBy(() -> Ids.requireDoc(id))
        .hasMessageContaining("got \"bad' 'id' '" + "x".repeat(33) + "\"... with ' ' at index 3");
  }

  @Test
  void seqMustBePositive() {
    assertThat(Ids.requireSeq(1)).isEqualTo(1);
    assertThat(Ids.requireSeq(9_007_199_254_740_991L)).isEqualTo(9_007_199_254_740_991L);
    // Issue 13 item 3: past 2^53 - 1, a Lua or JavaScript number cannot tell seq n from n + 1.
    assertThatThrownBy(() -> Ids.requireSeq(9_007_199_254_740_992L)).isInstanceOf(LockstepException.class)
        .hasMessageContaining("2^53 - 1");
    assertThatThrownBy(() -> Ids.requireSeq(Long.MAX_VALUE)).isInstanceOf(LockstepException.class);
    assertThatThrownBy(() -> Ids.requireSeq(0)).isInstanceOf(LockstepException.class).hasMessage("seq must be an integer from 1 to 9007199254740991 (2^53 - 1), got 0");
    assertThatThrownBy(() -> Ids.requireSeq(-5)).isInstanceOf(LockstepException.class);
  }
}
