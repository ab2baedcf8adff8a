package io.lockstep.sync.sequencer;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.common.config.Limits;
import io.lockstep.common.engine.broker.MemoryBroker;
import io.lockstep.common.engine.ops.MemoryOpStore;
import io.lockstep.common.engine.ops.StoredOp;
import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.LockstepException;
import io.lockstep.sync.metrics.SyncMetrics;
import io.lockstep.sync.testing.GatedOpStore;
import io.lockstep.sync.testing.RacingOpStore;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Submissions that wait for a busy document are committed together: the first one is held in a
 * gated store while the others queue behind it, so they form one batch when the gate opens.
 */
class BatchedSubmitTest {
  private static final Limits LIMITS = new Limits(256 * 1024, 2_000, 4 * 1024 * 1024, 200, 400, 1_000,
      4 * 1024 * 1024, 120, 5, 10_000, 3, 1_000, 60_000, 8 << 20);
  private static final String DOC = "t/batch";

  private Vertx vertx;
  private MemoryOpStore memory;
  private GatedOpStore gated;
  private RacingOpStore racing;
  private SimpleMeterRegistry meters;
  private LocalSequencers sequencers;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    memory = new MemoryOpStore(vertx, new MemoryBroker(vertx), 10_000);
    gated = new GatedOpStore(memory);
    racing = new RacingOpStore(gated);
    meters = new SimpleMeterRegistry();
    sequencers = new LocalSequencers(racing, LIMITS, new SyncMetrics(meters));
    vertx.deployVerticle(() -> new SequencerVerticle(sequencers), new DeploymentOptions().setInstances(1)).await();
    sequencers.submit(SubmittedOp.create(DOC, "text-unicode", "", "creator", 1)).await();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void waitingSubmissionsCommitInOneStoreCallAndEachIsAcked() {
    Future<Long> held = holdFirst();
    List<Future<Long>> queued = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      queued.add(submit(1, "c" + i, 1, List.of("x")));
    }
    gated.open();

    assertThat(held.await()).isEqualTo(2);
    Future.all(queued).await();
    assertThat(queued.stream().map(Future::result).toList()).containsExactlyElementsOf(range(3, 22));
    assertThat(memory.snapshot(DOC).await().v()).isGreaterThanOrEqualTo(20);
    // Each later insert at 0 goes before the earlier ones (the submitted op is the left side).
    assertThat((String) sequencers.snapshot(DOC).await().data()).isEqualTo("x".repeat(20) + "h");
    // Three store commits: the creation, the held op, and the 20 that waited behind it as one.
    DistributionSummary batches = meters.get("lockstep_sync_commit_batch_ops").summary();
    assertThat(batches.count()).isEqualTo(3);
    assertThat(batches.max()).isEqualTo(20);
  }

  @Test
  void eachSubmissionOfABatchGetsItsOwnAnswer() {
    Future<Long> held = holdFirst();
    Future<Long> good = submit(1, "a", 1, List.of("A"));
    Future<Long> invalid = submit(1, "b", 1, List.of(50, "!"));
    Future<Long> resubmittedHeld = submit(1, "first", 1, List.of("h"));
    Future<Long> samePairAgain = submit(1, "a", 1, List.of("A"));
    Future<Long> later = submit(1, "c", 1, List.of("C"));
    gated.open();

    assertThat(held.await()).isEqualTo(2);
    assertThat(good.await()).isEqualTo(3);
    assertThat(invalid.transform(ar -> Future.succeededFuture(ar.cause())).await())
        .isInstanceOfSatisfying(LockstepException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_OP));
    assertThat(resubmittedHeld.await()).isEqualTo(2);
    assertThat(samePairAgain.await()).isEqualTo(3);
    assertThat(later.await()).isEqualTo(4);
    assertThat(sequencers.version(DOC).await()).isEqualTo(4);
    assertThat(meters.counter("lockstep_sync_resubmissions").count()).isEqualTo(2);
  }

  @Test
  void aBatchThatLosesARaceIsPlannedAgainAfterCatchingUp() {
    Future<Long> held = holdFirst();
    List<Future<Long>> queued = insertsFromFiveSources();
    racing.rivalWins(1, v -> StoredOp.edit(DOC, v, "rival", 1, List.of("R"), 0));
    gated.open();

    held.await();
    Future.all(queued).await();
    assertThat(queued.stream().map(Future::result).toList()).containsExactlyElementsOf(range(4, 8));
    assertThat((String) sequencers.snapshot(DOC).await().data()).isEqualTo("x".repeat(5) + "Rh");
    assertThat(meters.counter("lockstep_sync_commit_retries").count()).isEqualTo(1);
  }

  @Test
  void aBatchWhoseOpTheStoreAlreadyKnowsRunsAgainOneOpPerCommit() {
    Future<Long> held = holdFirst();
    List<Future<Long>> queued = insertsFromFiveSources();
    // Another node commits c2's op first, at the version the batch wanted: the store refuses the
    // whole batch as a duplicate without saying which op the sequencer should answer how.
    racing.rivalWins(1, v -> StoredOp.edit(DOC, v, "c2", 1, List.of("x"), 0));
    gated.open();

    assertThat(held.await()).isEqualTo(2);
    Future.all(queued).await();
    assertThat(queued.stream().map(Future::result).toList()).containsExactly(4L, 5L, 3L, 6L, 7L);
    assertThat((String) sequencers.snapshot(DOC).await().data()).isEqualTo("x".repeat(5) + "h");
    assertThat(meters.counter("lockstep_sync_resubmissions").count()).isEqualTo(1);
    assertThat(meters.counter("lockstep_sync_commit_retries").count()).isZero();
  }

  /** Five inserts of "x" at 0 against version 1, from c0..c4, queued behind the held op. */
  private List<Future<Long>> insertsFromFiveSources() {
    List<Future<Long>> queued = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      queued.add(submit(1, "c" + i, 1, List.of("x")));
    }
    return queued;
  }

  /** Submits one op whose commit waits at the closed gate, so later submissions queue behind it. */
  private Future<Long> holdFirst() {
    gated.close();
    Future<Long> held = submit(1, "first", 1, List.of("h"));
    // The sequencer's loop runs the held op up to the gate before it takes the next submission.
    sequencers.version("t/other").await();
    return held;
  }

  private Future<Long> submit(long base, String src, long seq, Object op) {
    return sequencers.submit(SubmittedOp.edit(DOC, base, src, seq, op, 4));
  }

  private static List<Long> range(long from, long to) {
    List<Long> out = new ArrayList<>();
    for (long v = from; v <= to; v++) {
      out.add(v);
    }
    return out;
  }
}
