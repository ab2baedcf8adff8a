package io.lockstep.sync.bus;

import io.lockstep.common.bus.Addresses;
import io.lockstep.common.bus.BusErrors;
import io.lockstep.common.bus.Codecs;
import io.lockstep.common.config.Limits;
import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.Ids;
import io.lockstep.common.protocol.LockstepException;
import io.lockstep.common.protocol.OpBounds;
import io.lockstep.common.util.PlainJson;
import io.lockstep.sync.sequencer.Sequencer;
import io.lockstep.sync.sequencer.SubmittedOp;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Supplier;

/**
 * The sync-service's public request/reply addresses (docs/event-bus.md), on every node:
 *
 * <ul>
 *   <li>{@link Addresses#SYNC_SUBMIT}: {@code {"doc","v","op","src"?,"seq"?}} → {@code {"v"}}, the
 *       committed version (the original one for a resubmitted {@code src}/{@code seq});
 *   <li>{@link Addresses#SYNC_SNAPSHOT}: {@code {"doc"}} → {@code {"doc","v","type","data"}}.
 * </ul>
 *
 * <p>Both go through the routed {@link Sequencer}, so in a cluster the document's owner does the
 * work whichever node's consumer took the request. Failures answer with
 * {@link BusErrors#failureCode} of the error code and its message.
 */
public final class SyncBusApi {
  private final Sequencer sequencer;
  private final Limits limits;

  public SyncBusApi(Sequencer sequencer, Limits limits) {
    this.sequencer = sequencer;
    this.limits = limits;
  }

  /** Registers both consumers; completes once they are reachable (cluster-wide when clustered). */
  public Future<List<MessageConsumer<Object>>> register(Vertx vertx) {
    MessageConsumer<Object> submit = vertx.eventBus().consumer(Addresses.SYNC_SUBMIT,
        message -> answer(message, () -> submit(body(message)).map(v -> new JsonObject().put("v", v))));
    MessageConsumer<Object> snapshot = vertx.eventBus().consumer(Addresses.SYNC_SNAPSHOT,
        message -> answer(message, () -> sequencer.snapshot(doc(body(message))).map(Codecs::snapshotJson)));
    return Future.all(submit.completion(), snapshot.completion()).map(v -> List.of(submit, snapshot));
  }

  private Future<Long> submit(JsonObject body) {
    String doc = doc(body);
    long v = integer(body, "v", 0);
    Object op = PlainJson.unwrap(body.getValue("op"));
    if (op == null) {
      throw new LockstepException(ErrorCode.BAD_REQUEST, "field op is missing");
    }
    OpBounds.requireOp(op, limits.maxOpComponents());
    Object srcField = body.getValue("src");
    if (srcField != null && !(srcField instanceof String)) {
      throw new LockstepException(ErrorCode.BAD_REQUEST, "field src must be a string");
    }
    String src = srcField == null ? null : Ids.requireSrc((String) srcField);
    long seq = src == null ? 0 : Ids.requireSeq(integer(body, "seq", 1));
    int bytes = Json.encodeToBuffer(op).length();
    return sequencer.submit(SubmittedOp.edit(doc, v, src, seq, op, bytes));
  }

  private static JsonObject body(Message<Object> message) {
    if (!(message.body() instanceof JsonObject body)) {
      throw new LockstepException(ErrorCode.BAD_REQUEST, "the body must be a JSON object");
    }
    return body;
  }

  private static String doc(JsonObject body) {
    Object doc = body.getValue("doc");
    if (!(doc instanceof String id)) {
      throw new LockstepException(ErrorCode.BAD_REQUEST, "field doc is missing or not a string");
    }
    return Ids.requireDoc(id);
  }

  private static long integer(JsonObject body, String field, long min) {
    Object value = body.getValue(field);
    if (!(value instanceof Number n) || n.doubleValue() != n.longValue()) {
      throw new LockstepException(ErrorCode.BAD_REQUEST, "field " + field + " is missing or not an integer");
    }
    if (n.longValue() < min) {
      throw new LockstepException(ErrorCode.BAD_REQUEST, "field " + field + " must be at least " + min);
    }
    return n.longValue();
  }

  private static void answer(Message<Object> message, Supplier<Future<JsonObject>> work) {
    Future<JsonObject> reply;
    try {
      reply = work.get();
    } catch (RuntimeException e) {
      reply = Future.failedFuture(e);
    }
    reply.onComplete(ar -> {
      if (ar.succeeded()) {
        message.reply(ar.result());
      } else {
        BusErrors.fail(message, ar.cause());
      }
    });
  }
}
