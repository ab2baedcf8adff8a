package io.lockstep.sync.sharedb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

class ShareDbRequestsTest {
  private static final int MAX_BULK = 10;

  private static ShareDbRequest parse(String json) {
    return ShareDbRequests.parse(new JsonObject(json).getMap(), MAX_BULK, json.length());
  }

  @Test
  void aSubscribeWithAVersionAsksForTheOpsAfterIt() {
    var read = (ShareDbRequest.Read) parse("{\"a\":\"s\",\"c\":\"notes\",\"d\":\"a/b\",\"v\":7}");
    assertThat(read.subscribe()).isTrue();
    assertThat(read.v()).isEqualTo(7);
    assertThat(read.name().doc()).isEqualTo("notes/a/b");
  }

  @Test
  void aFetchWithoutAVersionAsksForTheSnapshot() {
    var read = (ShareDbRequest.Read) parse("{\"a\":\"f\",\"c\":\"notes\",\"d\":\"x\"}");
    assertThat(read.subscribe()).isFalse();
    assertThat(read.v()).isNull();
  }

  @Test
  void anOpMessageIsAnEditACreationOrADeletion() {
    var edit = (ShareDbRequest.Submit) parse("{\"a\":\"op\",\"c\":\"n\",\"d\":\"x\",\"v\":3,\"seq\":4,\"op\":[{\"p\":[\"a\"],\"na\":1}],\"x\":{}}");
    assertThat(edit.change()).isInstanceOf(ShareDbRequest.Edit.class);
    assertThat(edit.seq()).isEqualTo(4);
    assertThat(edit.src()).isNull();
    var create = (ShareDbRequest.Submit) parse("{\"a\":\"op\",\"c\":\"n\",\"d\":\"x\",\"v\":null,\"seq\":1,\"src\":\"c1\",\"create\":{\"type\":\"http://sharejs.org/types/JSONv0\",\"data\":{}}}");
    assertThat(((ShareDbRequest.Create) create.change()).type()).isEqualTo(ShareDbTypes.JSON0_URI);
    assertThat(create.v()).isNull();
    assertThat(create.src()).isEqualTo("c1");
    var del = (ShareDbRequest.Submit) parse("{\"a\":\"op\",\"c\":\"n\",\"d\":\"x\",\"v\":2,\"seq\":5,\"del\":true}");
    assertThat(del.change()).isInstanceOf(ShareDbRequest.Delete.class);
  }

  @Test
  void bulkMessagesCarryIdsOrVersions() {
    var ids = (ShareDbRequest.Bulk) parse("{\"a\":\"bs\",\"c\":\"n\",\"b\":[\"x\",\"y\"]}");
    assertThat(ids.ids()).containsExactly("x", "y");
    assertThat(ids.versions()).isNull();
    var versions = (ShareDbRequest.Bulk) parse("{\"a\":\"bf\",\"c\":\"n\",\"b\":{\"x\":3,\"y\":null}}");
    assertThat(versions.versions()).containsEntry("x", 3L).containsEntry("y", null);
  }

  @Test
  void documentPresenceMustUseTheDocumentsChannel() {
    var p = (ShareDbRequest.Presence) parse("{\"a\":\"p\",\"ch\":\"pads.x\",\"id\":\"me\",\"pv\":2,\"p\":{\"index\":1},\"c\":\"pads\",\"d\":\"x\",\"v\":4,\"t\":\"text-unicode\"}");
    assertThat(p.name().doc()).isEqualTo("pads/x");
    assertThat(p.v()).isEqualTo(4);
    assertThatThrownBy(() -> parse("{\"a\":\"p\",\"ch\":\"other\",\"id\":\"me\",\"pv\":2,\"p\":1,\"c\":\"pads\",\"d\":\"x\"}"))
        .isInstanceOfSatisfying(ShareDbError.class, e -> assertThat(e.code()).isEqualTo(ShareDbError.MESSAGE_BADLY_FORMED));
  }

  @Test
  void queriesParseSoThatTheyCanBeRefusedWithTheirId() {
    assertThat(parse("{\"a\":\"qf\",\"id\":2,\"c\":\"n\",\"q\":{}}")).isEqualTo(new ShareDbRequest.Query("qf"));
    assertThatThrownBy(() -> parse("{\"a\":\"qs\",\"c\":\"n\"}")).isInstanceOf(ShareDbError.class);
  }

  @Test
  void namesAndVersionsOutsideTheRulesAreRefused() {
    for (String bad : List.of(
        "{\"a\":\"f\",\"c\":\"a/b\",\"d\":\"x\"}",
        "{\"a\":\"f\",\"c\":\"n\",\"d\":\"sp ace\"}",
        "{\"a\":\"f\",\"c\":\"n\",\"d\":\"" + "x".repeat(300) + "\"}",
        "{\"a\":\"f\",\"c\":\"n\",\"d\":\"x\",\"v\":1.5}",
        "{\"a\":\"f\",\"c\":\"n\",\"d\":\"x\",\"v\":-2}",
        "{\"a\":\"op\",\"c\":\"n\",\"d\":\"x\",\"v\":1,\"seq\":0,\"op\":[]}",
        "{\"a\":\"op\",\"c\":\"n\",\"d\":\"x\",\"seq\":1,\"op\":[]}",
        "{\"a\":\"bs\",\"c\":\"n\",\"b\":[\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\",\"10\",\"11\"]}",
        "{\"a\":\"nf\",\"c\":\"n\",\"d\":\"x\"}",
        "{\"a\":\"pu\",\"ch\":\"\",\"seq\":1}",
        "{\"a\":\"zz\"}")) {
      assertThatThrownBy(() -> parse(bad)).as(bad).isInstanceOf(ShareDbError.class);
    }
  }

  /** Whatever a client sends, parsing yields a request or a ShareDbError, never another exception. */
  @Test
  void randomMessagesAreParsedOrRefusedWithAShareDbError() {
    qt().withExamples(2_000).forAll(messages()).checkAssert(message -> {
      try {
        ShareDbRequests.parse(message, MAX_BULK, 100);
      } catch (ShareDbError expected) {
        assertThat(expected.code()).startsWith("ERR_");
      }
    });
  }

  private static Gen<Map<String, Object>> messages() {
    Gen<Object> values = SourceDSL.integers().between(0, 9).zip(SourceDSL.integers().between(-3, 40), (kind, n) -> switch (kind) {
      case 0 -> null;
      case 1 -> n;
      case 2 -> n + 0.5;
      case 3 -> "x" + n;
      case 4 -> n % 2 == 0;
      case 5 -> List.of("a", n);
      case 6 -> Map.of("type", "json0", "data", n);
      case 7 -> "notes";
      case 8 -> "a/b";
      default -> Map.of("x", n);
    });
    Gen<String> actions = SourceDSL.arbitrary().pick(List.of("hs", "auth", "f", "s", "u", "bf", "bs", "bu", "op", "nf", "nt",
        "p", "ps", "pu", "pr", "pp", "qf", "qs", "qu", "init", ""));
    return actions.zip(values, values, values, values, (a, c, d, v, extra) -> {
      var message = new java.util.HashMap<String, Object>();
      message.put("a", a);
      message.put("c", c);
      message.put("d", d);
      message.put("v", v);
      for (String field : List.of("seq", "op", "create", "b", "ch", "id", "pv", "p", "ts", "src", "token")) {
        if ((field.hashCode() + String.valueOf(extra).length()) % 3 == 0) {
          message.put(field, extra);
        }
      }
      return message;
    });
  }
}
