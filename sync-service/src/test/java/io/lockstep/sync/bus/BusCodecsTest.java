package io.lockstep.sync.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.common.bus.BusErrors;
import io.lockstep.common.bus.Codecs;
import io.lockstep.common.bus.JsonBodyCodec;
import io.lockstep.common.engine.ops.Creation;
import io.lockstep.common.engine.ops.Snapshot;
import io.lockstep.common.engine.ops.StoredOp;
import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.LockstepException;
import io.lockstep.sync.cluster.ClusterCodecs;
import io.lockstep.sync.sequencer.OpsRange;
import io.lockstep.sync.sequencer.RoutedCall;
import io.lockstep.sync.sequencer.SubmittedOp;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The internal codecs survive the wire form, and error codes cross the bus unchanged. */
class BusCodecsTest {

  private static <T> T overTheWire(JsonBodyCodec<T> codec, T value) {
    Buffer wire = Buffer.buffer().appendString("prefix");
    codec.encodeToWire(wire, value);
    return codec.decodeFromWire("prefix".length(), wire);
  }

  @Test
  void everyRoutedCallSurvivesTheWire() {
    List<RoutedCall<?>> calls = List.of(
        new RoutedCall.Submit(SubmittedOp.edit("notes/1", 17, "c-1", 42, List.of(3, "abc", Map.of("d", 2)), 24)),
        new RoutedCall.Submit(SubmittedOp.edit("notes/1", 0, null, 0, List.of(Map.of("p", List.of("a"), "oi", 1)), 9)),
        new RoutedCall.Submit(SubmittedOp.create("notes/2", "json0", Map.of("items", List.of("milk", 2.5, true)), "c-1", 43)),
        new RoutedCall.Submit(SubmittedOp.create("notes/3", "text-unicode", "hello", null, 0)),
        new RoutedCall.ReadSnapshot("notes/4"),
        new RoutedCall.ReadVersion("notes/5"),
        new RoutedCall.ReadOps("notes/6", 3, Long.MAX_VALUE));
    for (RoutedCall<?> call : calls) {
      assertThat(overTheWire(ClusterCodecs.CALL, call)).isEqualTo(call);
    }
  }

  @Test
  void opsRangesAndSnapshotsSurviveTheWire() {
    OpsRange range = new OpsRange(3, 5, List.of(
        StoredOp.edit("d/1", 4, "c-1", 7, List.of(1, "x"), 1_700_000_000_000L),
        StoredOp.creation("d/1", 5, null, 0, new Creation("json0", Map.of("a", List.of(1, 2))), 0),
        StoredOp.deletion("d/1", 6, "c-2", 1, 12)), false);
    assertThat(overTheWire(ClusterCodecs.OPS_RANGE, range)).isEqualTo(range);

    Snapshot snapshot = new Snapshot("d/2", 9, "json0", Map.of("title", "Hi", "tags", List.of("a")));
    assertThat(overTheWire(Codecs.SNAPSHOT, snapshot)).isEqualTo(snapshot);
    assertThat(overTheWire(Codecs.SNAPSHOT, Snapshot.missing("d/3"))).isEqualTo(Snapshot.missing("d/3"));
  }

  @Test
  void registeringTwiceIsHarmlessAndSnapshotsTravelWithoutNamingACodec() {
    Vertx vertx = Vertx.vertx();
    try {
      ClusterCodecs.registerAll(vertx);
      ClusterCodecs.registerAll(vertx);
      Codecs.registerAll(vertx);
      Snapshot snapshot = new Snapshot("d/4", 2, "text-unicode", "ab");
      vertx.eventBus().<Snapshot>consumer("test.snapshot", message -> message.reply(message.body())).completion().await();
      assertThat(vertx.eventBus().<Snapshot>request("test.snapshot", snapshot).await().body()).isEqualTo(snapshot);
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void everyErrorCodeHasAFailureCodeOfItsOwn() {
    assertThat(Arrays.stream(ErrorCode.values()).map(BusErrors::failureCode).distinct()).hasSize(ErrorCode.values().length);
    for (ErrorCode code : ErrorCode.values()) {
      assertThat(BusErrors.fromFailureCode(BusErrors.failureCode(code))).contains(code);
    }
    assertThat(BusErrors.failureCode(ErrorCode.NOT_FOUND)).isEqualTo(404);
    assertThat(BusErrors.failureCode(ErrorCode.VERSION_AHEAD)).isEqualTo(412);
    assertThat(BusErrors.failureCode(ErrorCode.BAD_REQUEST)).isEqualTo(400);
  }

  @Test
  void replyFailuresComeBackAsLockstepExceptions() {
    LockstepException refused = BusErrors.fromReply(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 412, "v 9 > 2"));
    assertThat(refused.code()).isEqualTo(ErrorCode.VERSION_AHEAD);
    assertThat(refused.getMessage()).isEqualTo("v 9 > 2");
    assertThat(BusErrors.fromReply(new ReplyException(ReplyFailure.NO_HANDLERS, "none")).code()).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(BusErrors.fromReply(new ReplyException(ReplyFailure.TIMEOUT, "late")).code()).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(BusErrors.fromReply(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 7, "?")).code()).isEqualTo(ErrorCode.INTERNAL);
    assertThat(BusErrors.unanswered(new ReplyException(ReplyFailure.TIMEOUT, "late"))).isTrue();
    assertThat(BusErrors.unanswered(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 404, "gone"))).isFalse();
  }
}
