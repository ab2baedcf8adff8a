package io.lockstep.common.engine.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StoredOpCodecTest {
  private static final List<Object> JSON0_OP = List.of(component());

  /** A json0 component with a fixed key order, so the encoded text is predictable. */
  private static Map<String, Object> component() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("p", List.of("title", 0));
    c.put("si", "Hi ");
    return c;
  }

  @Test
  void editBecomesTheProtocolOpFrame() {
    StoredOp op = StoredOp.edit("notes/1", 18, "c-7f3", 42, JSON0_OP, 1_700_000_000_000L);

    assertThat(StoredOpCodec.encode(op).toString()).isEqualTo(
        "{\"t\":\"op\",\"doc\":\"notes/1\",\"v\":18,\"src\":\"c-7f3\",\"seq\":42,"
            + "\"op\":[{\"p\":[\"title\",0],\"si\":\"Hi \"}],\"ts\":1700000000000}");
  }

  @Test
  void creationAndDeletionUseTheirOwnFields() {
    StoredOp creation = StoredOp.creation("notes/1", 1, "c-7f3", 41, new Creation("json0", Map.of("title", "")), 5);
    StoredOp deletion = StoredOp.deletion("notes/1", 19, null, 0, 6);

    assertThat(StoredOpCodec.toFrame(creation).encode()).isEqualTo(
        "{\"t\":\"op\",\"doc\":\"notes/1\",\"v\":1,\"src\":\"c-7f3\",\"seq\":41,"
            + "\"create\":{\"type\":\"json0\",\"data\":{\"title\":\"\"}},\"ts\":5}");
    assertThat(StoredOpCodec.toFrame(deletion).encode()).isEqualTo(
        "{\"t\":\"op\",\"doc\":\"notes/1\",\"v\":19,\"del\":true,\"ts\":6}");
  }

  @Test
  void entriesOfAnOpsReplyHaveNoType() {
    StoredOp op = StoredOp.edit("notes/1", 2, null, 0, List.of(5, "abc", Map.of("d", 2)), 0);

    assertThat(StoredOpCodec.toEntry(op).encode())
        .isEqualTo("{\"doc\":\"notes/1\",\"v\":2,\"op\":[5,\"abc\",{\"d\":2}],\"ts\":0}");
  }

  @Test
  void everyKindSurvivesEncodeAndDecodeAsPlainJson() {
    List<StoredOp> ops = List.of(
        StoredOp.edit("notes/1", 18, "c-7f3", 42, JSON0_OP, 7),
        StoredOp.edit("notes/1", 3, null, 0, List.of(5, "abc", Map.of("d", 2)), 7),
        StoredOp.creation("notes/1", 1, "c", 1, new Creation("json0", Map.of("list", List.of(1, Map.of("a", true)))), 7),
        StoredOp.creation("notes/1", 6, null, 0, new Creation("text-unicode", null), 7),
        StoredOp.deletion("notes/1", 5, "c", 9, 7));

    for (StoredOp op : ops) {
      StoredOp back = StoredOpCodec.decode(StoredOpCodec.encode(op));
      assertThat(back).isEqualTo(op);
      assertThat(back.op() == null || back.op() instanceof List).isTrue();
    }
  }

  @Test
  void frameWithoutSourceOrTimeReadsAsServerSideOpAtTimeZero() {
    StoredOp op = StoredOpCodec.fromFrame(new JsonObject("{\"doc\":\"d\",\"v\":4,\"seq\":9,\"op\":[1]}"));

    assertThat(op).isEqualTo(StoredOp.edit("d", 4, null, 0, List.of(1), 0));
  }

  @Test
  void unknownFieldsAreIgnored() {
    StoredOp op = StoredOpCodec.fromFrame(new JsonObject("{\"t\":\"op\",\"doc\":\"d\",\"v\":4,\"op\":[1],\"extra\":{}}"));

    assertThat(op.v()).isEqualTo(4);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"t\":\"ack\",\"doc\":\"d\",\"v\":1,\"op\":[]}",
      "{\"v\":1,\"op\":[]}",
      "{\"doc\":\"d\",\"op\":[]}",
      "{\"doc\":7,\"v\":1,\"op\":[]}",
      "{\"doc\":\"d\",\"v\":\"1\",\"op\":[]}",
      "{\"doc\":\"d\",\"v\":1.5,\"op\":[]}",
      "{\"doc\":\"d\",\"v\":0,\"op\":[]}",
      "{\"doc\":\"d\",\"v\":1}",
      "{\"doc\":\"d\",\"v\":1,\"op\":[],\"del\":true}",
      "{\"doc\":\"d\",\"v\":1,\"del\":\"yes\"}",
      "{\"doc\":\"d\",\"v\":1,\"create\":[]}",
      "{\"doc\":\"d\",\"v\":1,\"create\":{\"data\":1}}",
      "{\"doc\":\"d\",\"v\":1,\"src\":\"c\",\"op\":[]}",
      "{\"doc\":\"d\",\"v\":1,\"src\":5,\"seq\":1,\"op\":[]}"})
  void malformedFramesAreRejectedWithTheReason(String json) {
    assertThatThrownBy(() -> StoredOpCodec.fromFrame(new JsonObject(json)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("malformed op frame: ");
  }

  @Test
  void bytesThatAreNotAJsonObjectAreRejected() {
    assertThatThrownBy(() -> StoredOpCodec.decode(Buffer.buffer("[1,2]"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StoredOpCodec.decode(Buffer.buffer("{"))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void framesOfOneCommitAreJoinedAndSplitBackEvenWhenTheirTextHoldsNewlines() {
    List<StoredOp> ops = List.of(
        StoredOp.edit("notes/1", 2, "c1", 1, List.of("line one\nline two"), 1),
        StoredOp.edit("notes/1", 3, null, 0, List.of(Map.of("p", List.of("k\n"), "oi", "\r\n")), 2),
        StoredOp.deletion("notes/1", 4, "c2", 9, 3));
    Buffer message = StoredOpCodec.joinFrames(ops.stream().map(StoredOpCodec::encode).toList());

    assertThat(StoredOpCodec.splitFrames(message)).extracting(StoredOpCodec::decode).isEqualTo(ops);
    Buffer single = StoredOpCodec.encode(ops.get(0));
    assertThat(StoredOpCodec.joinFrames(List.of(single))).isSameAs(single);
    assertThat(StoredOpCodec.splitFrames(single)).containsExactly(single);
  }
}
