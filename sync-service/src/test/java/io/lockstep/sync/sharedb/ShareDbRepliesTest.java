package io.lockstep.sync.sharedb;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.common.engine.ops.Creation;
import io.lockstep.common.engine.ops.Snapshot;
import io.lockstep.common.engine.ops.StoredOp;
import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.LockstepException;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShareDbRepliesTest {
  private static final DocName NAME = new DocName("notes", "x");

  @Test
  void aShareDbOpCarriesTheVersionItWasAppliedTo() {
    JsonObject op = ShareDbReplies.op(NAME, StoredOp.edit("notes/x", 8, "c1", 3, List.of(Map.of("p", List.of("n"), "na", 1)), 0));
    assertThat(op.getString("a")).isEqualTo("op");
    assertThat(op.getString("c")).isEqualTo("notes");
    assertThat(op.getString("d")).isEqualTo("x");
    assertThat(op.getLong("v")).isEqualTo(7);
    assertThat(op.getString("src")).isEqualTo("c1");
    assertThat(op.getLong("seq")).isEqualTo(3);
    assertThat(ShareDbReplies.ack(NAME, "c1", 3, 8).getLong("v")).isEqualTo(7);
    assertThat(ShareDbReplies.ack(NAME, "c1", 3, 8).containsKey("op")).isFalse();
  }

  @Test
  void creationsAndDeletionsUseShareDbsFields() {
    JsonObject create = ShareDbReplies.op(NAME, StoredOp.creation("notes/x", 1, "c1", 1, new Creation("text-unicode", "hi"), 0));
    assertThat(create.getLong("v")).isZero();
    assertThat(create.getJsonObject("create").getString("type")).isEqualTo(ShareDbTypes.TEXT_UNICODE_URI);
    assertThat(create.getJsonObject("create").getString("data")).isEqualTo("hi");
    assertThat(ShareDbReplies.op(NAME, StoredOp.deletion("notes/x", 4, null, 0, 0)).getBoolean("del")).isTrue();
  }

  @Test
  void snapshotsOmitTheDefaultTypeAndSayNullForAMissingDocument() {
    assertThat(ShareDbReplies.snapshotData(new Snapshot("notes/x", 3, "json0", Map.of("a", 1))).containsKey("type")).isFalse();
    assertThat(ShareDbReplies.snapshotData(new Snapshot("notes/x", 3, "text-unicode", "t")).getString("type"))
        .isEqualTo(ShareDbTypes.TEXT_UNICODE_URI);
    JsonObject missing = ShareDbReplies.snapshotData(Snapshot.missing("notes/x"));
    assertThat(missing.containsKey("type")).isTrue();
    assertThat(missing.getValue("type")).isNull();
    JsonObject fetched = ShareDbReplies.snapshotFetch("nf", 5, new Snapshot("notes/x", 3, "json0", Map.of()));
    assertThat(fetched.getLong("id")).isEqualTo(5);
    assertThat(fetched.getString("type")).isEqualTo(ShareDbTypes.JSON0_URI);
  }

  @Test
  void anErrorEchoesTheRoutingFieldsButNotTheContent() {
    Map<String, Object> request = new JsonObject()
        .put("a", "op").put("c", "notes").put("d", "x").put("v", 2).put("seq", 9).put("op", List.of("secret"))
        .put("create", Map.of("data", "secret")).getMap();
    JsonObject reply = ShareDbReplies.error(request, new ShareDbError(ShareDbError.OP_NOT_APPLIED, "no"));
    assertThat(reply.fieldNames()).containsExactlyInAnyOrder("a", "c", "d", "v", "seq", "error");
    assertThat(reply.getJsonObject("error").getString("code")).isEqualTo("ERR_OT_OP_NOT_APPLIED");
  }

  @Test
  void lockstepErrorsBecomeShareDbCodes() {
    assertThat(ShareDbError.from(new LockstepException(ErrorCode.CONFLICT, "exists"), true).code())
        .isEqualTo(ShareDbError.DOC_ALREADY_CREATED);
    assertThat(ShareDbError.from(new LockstepException(ErrorCode.CONFLICT, "old"), false).code())
        .isEqualTo(ShareDbError.OPS_NOT_FOUND);
    assertThat(ShareDbError.from(new LockstepException(ErrorCode.NOT_FOUND, "gone"), false).code())
        .isEqualTo(ShareDbError.DOC_DOES_NOT_EXIST);
    assertThat(ShareDbError.from(new LockstepException(ErrorCode.VERSION_AHEAD, "ahead"), false).code())
        .isEqualTo(ShareDbError.VERSION_NEWER);
    ShareDbError bug = ShareDbError.from(new IllegalStateException("internal detail"), false);
    assertThat(bug.code()).isEqualTo(ShareDbError.UNKNOWN);
    assertThat(bug.getMessage()).doesNotContain("detail");
    for (ErrorCode code : ErrorCode.values()) {
      assertThat(ShareDbError.codeFor(code, false)).startsWith("ERR_");
    }
  }
}
