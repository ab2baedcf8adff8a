package io.lockstep.sync.sharedb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockstep.common.ot.text.TextOp;
import io.lockstep.common.ot.text.TextUnicodeType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TextPresenceTest {
  private static TextOp op(Object... components) {
    return TextUnicodeType.INSTANCE.parseOp(List.of(components));
  }

  @Test
  void anInsertBeforeTheCaretMovesItByCodePoints() {
    assertThat(TextPresence.transform(5, op(2, "😀😀"), false)).isEqualTo(7L);
  }

  @Test
  void anInsertAtTheCaretPushesItOnlyForItsOwnAuthor() {
    assertThat(TextPresence.transform(3, op(3, "ab"), false)).isEqualTo(3L);
    assertThat(TextPresence.transform(3, op(3, "ab"), true)).isEqualTo(5L);
  }

  @Test
  void aDeleteAroundTheCaretPullsItToTheDeletionsStart() {
    assertThat(TextPresence.transform(5, op(2, Map.of("d", 6)), false)).isEqualTo(2L);
    assertThat(TextPresence.transform(9, op(2, Map.of("d", 3)), false)).isEqualTo(6L);
    assertThat(TextPresence.transform(1, op(2, Map.of("d", 3)), false)).isEqualTo(1L);
  }

  @Test
  void rangesListsAndNamedEndsMoveTogether() {
    assertThat(TextPresence.transform(Map.of("index", 4, "length", 2), op("xyz"), false))
        .isEqualTo(Map.of("index", 7L, "length", 2L));
    assertThat(TextPresence.transform(List.of(1, 6), op(3, "ab"), false)).isEqualTo(List.of(1L, 8L));
    assertThat(TextPresence.transform(Map.of("start", 1, "end", 6, "user", "ada"), op(3, Map.of("d", 1)), false))
        .isEqualTo(Map.of("start", 1L, "end", 5L, "user", "ada"));
    assertThat(TextPresence.transform(null, op(3, "x"), false)).isNull();
  }

  @Test
  void aValueWithoutAPositionCannotBeMoved() {
    assertThatThrownBy(() -> TextPresence.transform("here", op(1, "x"), false)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TextPresence.transform(Map.of("name", "ada"), op(1, "x"), false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TextPresence.transform(-1, op(1, "x"), false)).isInstanceOf(IllegalArgumentException.class);
  }
}
