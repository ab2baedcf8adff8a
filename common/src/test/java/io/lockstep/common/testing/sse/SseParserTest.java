package io.lockstep.common.testing.sse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The test SSE client's parser against the cases of the HTML standard's event-stream section. */
class SseParserTest {
  private final List<SseEvent> events = new ArrayList<>();
  private final List<String> comments = new ArrayList<>();
  private final SseParser parser = new SseParser(events::add, comments::add);

  @Test
  void fieldsCommentsAndRetryAreReadAndABlankLineDispatches() {
    feed("retry: 2000\n\n: hb\n\nid: 1-1\nevent: op\ndata: {\"v\":1}\n\n");
    assertThat(parser.retryMs()).isEqualTo(2000);
    assertThat(comments).containsExactly("hb");
    assertThat(events).containsExactly(new SseEvent("1-1", "op", "{\"v\":1}"));
  }

  @Test
  void bytesSplitAnywhereIncludingInsideACharacterAndACrLfParseTheSame() {
    byte[] whole = "id: 5-2\r\nevent: message\r\ndata: \"h\u00e9llo \ud83d\ude00\"\r\n\r\ndata: a\rdata: b\r\r".getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < whole.length; i++) {
      parser.feed(new byte[] {whole[i]});
    }
    assertThat(events).containsExactly(new SseEvent("5-2", "message", "\"h\u00e9llo \ud83d\ude00\""),
        new SseEvent("5-2", "message", "a\nb"));
  }

  @Test
  void theIdIsKeptAcrossEventsAndAnEventWithoutDataIsNotDispatched() {
    feed("id: 7\nevent: reset\n\ndata: x\n\n");
    assertThat(events).containsExactly(new SseEvent("7", "message", "x"));
    assertThat(parser.lastEventId()).isEqualTo("7");
  }

  @Test
  void unknownFieldsAndBadRetriesAreIgnored() {
    feed("foo: bar\nretry: 12x\ndata\n\n");
    assertThat(parser.retryMs()).isEqualTo(-1);
    assertThat(events).containsExactly(new SseEvent("", "message", ""));
  }

  private void feed(String text) {
    parser.feed(text.getBytes(StandardCharsets.UTF_8));
  }
}
