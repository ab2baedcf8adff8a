package io.lockstep.sync.cluster;

import io.lockstep.common.bus.Codecs;
import io.lockstep.common.bus.JsonBodyCodec;
import io.lockstep.common.engine.ops.StoredOp;
import io.lockstep.common.engine.ops.StoredOpCodec;
import io.lockstep.common.util.PlainJson;
import io.lockstep.sync.sequencer.OpsRange;
import io.lockstep.sync.sequencer.RoutedCall;
import io.lockstep.sync.sequencer.SubmittedOp;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The codecs of the sync-service's internal forwarding hop (internal: the JSON may change in any
 * release, and every node of a cluster must run the same one):
 *
 * <pre>
 * call   {"call":"submit","doc","v","src","seq","owner","op","bytes"}   {"call":"create","doc","type","data","src","seq","owner"}
 *        {"call":"snapshot","doc"}   {"call":"version","doc"}   {"call":"ops","doc","from","to"}
 * reply  Long (Vert.x's own codec) · Snapshot ({@link Codecs#SNAPSHOT}) · OpsRange {"from","to","complete","ops":[entries]}
 * </pre>
 */
public final class ClusterCodecs {
  /** A {@link RoutedCall} of any kind; named on each send, since the records are its subtypes. */
  public static final JsonBodyCodec<RoutedCall<?>> CALL =
      new JsonBodyCodec<>("lockstep.RoutedCall", callType(), ClusterCodecs::callJson, ClusterCodecs::callFrom);

  /** {@link OpsRange}, the default codec of that record. */
  public static final JsonBodyCodec<OpsRange> OPS_RANGE =
      new JsonBodyCodec<>("lockstep.OpsRange", OpsRange.class, ClusterCodecs::rangeJson, ClusterCodecs::rangeFrom);

  private ClusterCodecs() {}

  /** Registers these codecs and common's ({@link Codecs#registerAll}); safe to call again. */
  public static void registerAll(Vertx vertx) {
    Codecs.registerAll(vertx);
    Codecs.register(vertx, CALL);
    Codecs.register(vertx, OPS_RANGE);
  }

  static JsonObject callJson(RoutedCall<?> call) {
    JsonObject json = new JsonObject().put("doc", call.doc());
    if (call instanceof RoutedCall.Submit submit) {
      SubmittedOp op = submit.op();
      json.put("src", op.src()).put("seq", op.seq()).put("owner", op.owner());
      if (op.change() instanceof SubmittedOp.Edit edit) {
        return json.put("call", "submit").put("v", edit.baseV()).put("op", edit.op()).put("bytes", edit.bytes());
      }
      if (op.change() instanceof SubmittedOp.Delete) {
        return json.put("call", "delete");
      }
      SubmittedOp.Create create = (SubmittedOp.Create) op.change();
      return json.put("call", "create").put("type", create.type()).put("data", create.data());
    }
    if (call instanceof RoutedCall.ReadSnapshot) {
      return json.put("call", "snapshot");
    }
    if (call instanceof RoutedCall.ReadVersion) {
      return json.put("call", "version");
    }
    if (call instanceof RoutedCall.ReadOps ops) {
      return json.put("call", "ops").put("from", ops.from()).put("to", ops.to());
    }
    throw new AssertionError(call);
  }

  static RoutedCall<?> callFrom(JsonObject json) {
    String doc = json.getString("doc");
    String kind = json.getString("call");
    if (doc == null || kind == null) {
      throw new IllegalArgumentException("malformed sequencer call: " + json.encode());
    }
    switch (kind) {
      case "submit":
        return new RoutedCall.Submit(SubmittedOp.edit(doc, json.getLong("v"), json.getString("src"),
            json.getLong("seq"), PlainJson.unwrap(json.getValue("op")), json.getInteger("bytes")).by(json.getString("owner")));
      case "create":
        return new RoutedCall.Submit(SubmittedOp.create(doc, json.getString("type"),
            PlainJson.unwrap(json.getValue("data")), json.getString("src"), json.getLong("seq")).by(json.getString("owner")));
      case "delete":
        return new RoutedCall.Submit(SubmittedOp.delete(doc, json.getString("src"), json.getLong("seq")).by(json.getString("owner")));
      case "snapshot":
        return new RoutedCall.ReadSnapshot(doc);
      case "version":
        return new RoutedCall.ReadVersion(doc);
      case "ops":
        return new RoutedCall.ReadOps(doc, json.getLong("from"), json.getLong("to"));
      default:
        throw new IllegalArgumentException("unknown sequencer call " + kind);
    }
  }

  static JsonObject rangeJson(OpsRange range) {
    JsonArray ops = new JsonArray();
    for (StoredOp op : range.ops()) {
      ops.add(StoredOpCodec.toEntry(op));
    }
    return new JsonObject().put("from", range.from()).put("to", range.to()).put("complete", range.complete()).put("ops", ops);
  }

  static OpsRange rangeFrom(JsonObject json) {
    List<StoredOp> ops = new ArrayList<>();
    for (Object entry : json.getJsonArray("ops")) {
      ops.add(StoredOpCodec.fromFrame((JsonObject) entry));
    }
    return new OpsRange(json.getLong("from"), json.getLong("to"), ops, json.getBoolean("complete"));
  }

  @SuppressWarnings("unchecked")
  private static Class<RoutedCall<?>> callType() {
    // Class literals cannot carry type arguments; the codec only ever sees RoutedCall values.
    return (Class<RoutedCall<?>>) (Class<?>) RoutedCall.class;
  }
}
