package io.lockstep.common.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8Test {
  @Test
  void lengthMatchesTheEncoderForEveryWidth() {
    for (String text : new String[] {"", "abc", "é", "€", "😀", "a😀é€\u0000", "漢字かな", "👩\u200d💻"}) {
      assertThat(Utf8.length(text)).as(text).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
    }
  }

  @Test
  void aLoneSurrogateCountsAsTheEncoderReplacesIt() {
    assertThat(Utf8.length("a\ud83d")).isEqualTo("a\ud83d".getBytes(StandardCharsets.UTF_8).length + 2);
  }
}
