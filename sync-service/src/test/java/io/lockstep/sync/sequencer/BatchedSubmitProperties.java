package io.lockstep.sync.sequencer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import io.lockstep.common.config.Limits;
import io.lockstep.common.engine.broker.MemoryBroker;
import io.lockstep.common.engine.ops.MemoryOpStore;
import io.lockstep.common.engine.ops.OpStore;
import io.lockstep.common.protocol.LockstepException;
import io.lockstep.sync.metrics.SyncMetrics;
import io.lockstep.sync.testing.GatedOpStore;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Committing waiting submissions as one batch changes nothing a client can see: for random runs of
 * concurrent text edits (all made against the same old version, so each is rebased over the ones
 * before it), with resubmissions and invalid ops mixed in, every submission gets the same answer
 * and the document ends the same as when each op is submitted only after the previous one was
 * answered.
 */
class BatchedSubmitProperties {
  private static final Limits LIMITS = new Limits(256 * 1024, 2_000, 4 * 1024 * 1024, 200, 400, 1_000,
      4 * 1024 * 1024, 120, 5, 10_000, 3, 1_000, 60_000, 8 << 20);
    private static final AtomicInteger DOCS = new AtomicInteger();

  private static Vertx vertx;
  private static LocalSequencers oneByOne;
  private static LocalSequencers batched;
  private static GatedOpStore gate;
  private static final SimpleMeterRegistry BATCHED_METERS = new SimpleMeterRegistry();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    oneByOne = sequencers(new MemoryOpStore(vertx, new MemoryBroker(vertx), 10_000), new SimpleMeterRegistry());
    gate = new GatedOpStore(new MemoryOpStore(vertx, new MemoryBroker(vertx), 10_000));
    batched = sequencers(gate, BATCHED_METERS);
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  private static LocalSequencers sequencers(OpStore store, SimpleMeterRegistry meters) {
    LocalSequencers s = new LocalSequencers(store, LIMITS, new SyncMetrics(meters));
    // One shard, so the held op and everything queued behind it share one sequencer loop.
    vertx.deployVerticle(() -> new SequencerVerticle(s), new DeploymentOptions().setInstances(1)).await();
    return s;
  }

  @Test
  void aBatchAnswersAndEndsExactlyAsOneOpAtATime() {
    qt().withExamples(200).forAll(ConcurrentEdits.runs(2, 12)).checkAssert(run -> {
      String doc1 = "prop/" + DOCS.incrementAndGet();
      String doc2 = "prop/" + DOCS.incrementAndGet();
      oneByOne.submit(SubmittedOp.create(doc1, "text-unicode", ConcurrentEdits.INITIAL, "creator", 1)).await();
      batched.submit(SubmittedOp.create(doc2, "text-unicode", ConcurrentEdits.INITIAL, "creator", 1)).await();

      List<String> sequential = new ArrayList<>();
      for (ConcurrentEdits.Edit s : run) {
        sequential.add(answer(oneByOne.submit(s.on(doc1))));
      }

      gate.close();
      List<Future<Long>> pending = new ArrayList<>();
      pending.add(batched.submit(run.get(0).on(doc2)));
      batched.version("prop/elsewhere").await();
      for (ConcurrentEdits.Edit s : run.subList(1, run.size())) {
        pending.add(batched.submit(s.on(doc2)));
      }
      gate.open();
      List<String> together = new ArrayList<>();
      for (Future<Long> f : pending) {
        together.add(answer(f));
      }

      assertThat(together).as("answers for %s", run).isEqualTo(sequential);
      assertThat(batched.snapshot(doc2).await().data()).as("document for %s", run)
          .isEqualTo(oneByOne.snapshot(doc1).await().data());
    });
    DistributionSummary batches = BATCHED_METERS.get("lockstep_sync_commit_batch_ops").summary();
    assertThat(batches.count()).as("batched commits").isPositive();
    assertThat(batches.max()).as("ops in the largest batch").isGreaterThan(1);
  }

  private static String answer(Future<Long> result) {
    return result.transform(ar -> Future.succeededFuture(ar.succeeded() ? "v" + ar.result()
        : ar.cause() instanceof LockstepException e ? e.code().wire() : ar.cause().toString())).await();
  }
}
