package io.lockstep.sync.sequencer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockstep.common.config.Limits;
import io.lockstep.common.engine.broker.MemoryBroker;
import io.lockstep.common.engine.ops.Creation;
import io.lockstep.common.engine.ops.MemoryOpStore;
import io.lockstep.common.engine.ops.StoredOp;
import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.LockstepException;
import io.lockstep.sync.metrics.SyncMetrics;
import io.lockstep.sync.testing.FaultyOpStore;
import io.lockstep.sync.testing.FaultyOpStore.NextCommit;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sequencer when the store fails as a networked one does (issue 14): a commit whose reply is
 * lost is resolved by reading the store, a commit that never arrived fails without blocking the
 * document, and a store that went backwards is detected and never built on.
 */
class StoreFaultsTest {
  private Vertx vertx;
  private FaultyOpStore store;
  private SimpleMeterRegistry meters;
  private LocalSequencers sequencers;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    store = new FaultyOpStore(new MemoryOpStore(vertx, new MemoryBroker(vertx), 10_000));
    meters = new SimpleMeterRegistry();
    sequencers = new LocalSequencers(store, Limits.DEFAULTS, new SyncMetrics(meters));
    vertx.deployVerticle(() -> new SequencerVerticle(sequencers), new DeploymentOptions().setInstances(1)).await();
    sequencers.submit(SubmittedOp.create("f/1", "text-unicode", "", "w", 1)).await();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private long submit(long base, long seq, String text) throws Exception {
    return sequencers.submit(SubmittedOp.edit("f/1", base, "w", seq, List.of(text), 4))
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aCommitWhoseReplyWasLostIsAckedFromTheStoresRecord() throws Exception {
    store.nextCommit(NextCommit.CUT_AFTER_APPLYING);
    assertThat(submit(1, 2, "a")).as("acked at its version although the call failed").isEqualTo(2);
    assertThat(meters.counter("lockstep_sync_unknown_commits").count()).isEqualTo(1);
    assertThat(submit(2, 3, "b")).as("the next op builds on it").isEqualTo(3);
    assertThat(sequencers.snapshot("f/1").await().data()).isEqualTo("ba");
  }

  @Test
  void aCommitThatNeverArrivedFailsAsUnavailableAndTheDocumentMovesOn() throws Exception {
    store.nextCommit(NextCommit.CUT_BEFORE_APPLYING);
    assertThatThrownBy(() -> submit(1, 2, "a")).hasCauseInstanceOf(LockstepException.class)
        .cause().satisfies(e -> assertThat(((LockstepException) e).code()).isEqualTo(ErrorCode.UNAVAILABLE));
    assertThat(submit(1, 2, "a")).as("the resubmission commits").isEqualTo(2);
    assertThat(submit(2, 3, "b")).isEqualTo(3);
  }

  @Test
  void aStoreThatWentBackwardsIsDetectedAndItsLostStateNeverServed() throws Exception {
    submit(1, 2, "a");
    submit(2, 3, "b");
    assertThat(sequencers.snapshot("f/1").await().v()).isEqualTo(3);

    // Redis restarted without its data: the document is back at version 1.
    MemoryOpStore restarted = new MemoryOpStore(vertx, new MemoryBroker(vertx), 10_000);
    restarted.commit(StoredOp.creation("f/1", 1, "w", 1, new Creation("text-unicode", ""), 0)).await();
    store.replaceStore(restarted);

    assertThat(sequencers.snapshot("f/1").await().v()).as("the store's version, not the cached one").isEqualTo(1);
    assertThat(meters.counter("lockstep_sync_store_regressions").count()).isEqualTo(1);
    assertThat(submit(1, 4, "c")).as("a new op builds on what the store has").isEqualTo(2);
    assertThat(sequencers.snapshot("f/1").await().data()).isEqualTo("c");
  }
}
