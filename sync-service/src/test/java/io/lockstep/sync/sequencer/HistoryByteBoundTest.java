package io.lockstep.sync.sequencer;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.common.config.Limits;
import io.lockstep.common.engine.broker.MemoryBroker;
import io.lockstep.common.engine.ops.MemoryOpStore;
import io.lockstep.common.engine.ops.Retention;
import io.lockstep.common.engine.ops.Snapshot;
import io.lockstep.common.engine.ops.StoredOp;
import io.lockstep.common.engine.ops.StoredOpCodec;
import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.LockstepException;
import io.lockstep.sync.metrics.SyncMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Attack: a writer sends large ops to one document, far fewer than {@code retainOps} but far more
 * bytes than {@code maxHistoryBytes}. The history the store keeps and the one the sequencer keeps in
 * memory stay within the byte budget (a snapshot is written once half of it is not covered, so the
 * store may trim), and an op made against a trimmed version gets the usual {@code conflict}.
 */
class HistoryByteBoundTest {
  private static final int BUDGET = 64 * 1024;
  private static final int OP_BYTES = 4 * 1024;
  /** snapshotEvery 1000 and retainOps 10,000: only the byte budget can trim. */
  private static final Limits LIMITS = new Limits(256 * 1024, 2_000, 4 * 1024 * 1024, 10_000, 10_000, 1_000,
      4 * 1024 * 1024, 120, 1_000, 10_000, 3, 1_000, 50, 8 * 1024 * 1024, BUDGET, 1_000, 1_000, 1024 * 1024, 50, 100, 100_000);

  private Vertx vertx;
  private MemoryOpStore store;
  private LocalSequencers sequencers;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    store = new MemoryOpStore(vertx, new MemoryBroker(vertx), Retention.of(LIMITS));
    sequencers = new LocalSequencers(store, LIMITS, new SyncMetrics(new SimpleMeterRegistry()));
    vertx.deployVerticle(() -> new SequencerVerticle(sequencers), new DeploymentOptions().setInstances(1)).await();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void largeOpsKeepTheHistoryWithinItsByteBudget() {
    String doc = "bound/bytes";
    sequencers.submit(SubmittedOp.create(doc, "text-unicode", "", "w", 1)).await();
    String chunk = "x".repeat(OP_BYTES);
    for (int i = 0; i < 200; i++) {
      long v = sequencers.version(doc).await();
      sequencers.submit(SubmittedOp.edit(doc, v, "w", i + 2, List.of(chunk), OP_BYTES + 4)).await();
    }

    List<StoredOp> kept = store.opsSince(doc, 0).await();
    long bytes = kept.stream().mapToLong(op -> StoredOpCodec.encode(op).length()).sum();
    assertThat(bytes).as("bytes of the ops the store keeps (%s ops)", kept.size()).isLessThanOrEqualTo(BUDGET + 2L * OP_BYTES);
    Snapshot snapshot = store.snapshot(doc).await();
    assertThat(store.opsSince(doc, snapshot.v()).await()).as("catch-up from the snapshot is complete")
        .hasSize((int) (201 - snapshot.v()));

    Throwable refused = sequencers.submit(SubmittedOp.edit(doc, 2, "late", 1, List.of("y"), 8))
        .transform(ar -> Future.succeededFuture(ar.cause())).await();
    assertThat(refused).isInstanceOfSatisfying(LockstepException.class,
        e -> assertThat(e.code()).as("an op made against a trimmed version").isEqualTo(ErrorCode.CONFLICT));
  }

  @Test
  void theSequencersMemoryKeepsAtMostTheBudget() {
    DocState state = DocState.from(new Snapshot("bound/memory", 1, "text-unicode", ""), 10_000, BUDGET);
    String chunk = "x".repeat(OP_BYTES);
    for (int v = 2; v <= 200; v++) {
      StoredOp op = StoredOp.edit("bound/memory", v, "w", v, List.of(chunk), 0);
      state.applyCommitted(op);
    }
    int fits = BUDGET / (OP_BYTES + DocState.OP_OVERHEAD_BYTES);
    assertThat(state.since(200 - fits + 1)).isInstanceOf(History.Kept.class);
    assertThat(state.since(200 - fits - 2)).as("older ops are no longer in memory").isEqualTo(History.TRIMMED);
  }
}
