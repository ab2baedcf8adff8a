package io.lockstep.sync.sequencer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockstep.common.config.Limits;
import io.lockstep.common.engine.broker.MemoryBroker;
import io.lockstep.common.engine.ops.MemoryOpStore;
import io.lockstep.common.engine.ops.StoredOp;
import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.LockstepException;
import io.lockstep.sync.metrics.SyncMetrics;
import io.lockstep.sync.testing.GatedOpStore;
import io.lockstep.sync.testing.RacingOpStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sequencer against a real memory store, with races forced through {@link RacingOpStore}. */
class LocalSequencersTest {
  private static final Limits LIMITS = new Limits(256 * 1024, 2_000, 4 * 1024 * 1024, 200, 400, 1_000,
      4 * 1024 * 1024, 120, 5, 10_000, 3, 1_000, 60_000, 8 << 20);

  private Vertx vertx;
  private MemoryOpStore memory;
  private RacingOpStore store;
  private SimpleMeterRegistry meters;
  private LocalSequencers sequencers;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    memory = new MemoryOpStore(vertx, new MemoryBroker(vertx), 10_000);
    store = new RacingOpStore(memory);
    meters = new SimpleMeterRegistry();
    sequencers = new LocalSequencers(store, LIMITS, new SyncMetrics(meters));
    vertx.deployVerticle(() -> new SequencerVerticle(sequencers), new DeploymentOptions().setInstances(2)).await();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private long submit(String doc, long base, String src, long seq, Object op) {
    return sequencers.submit(SubmittedOp.edit(doc, base, src, seq, op, 16)).await();
  }

  private Object data(String doc) {
    return sequencers.snapshot(doc).await().data();
  }

  @Test
  void opsCommitInOrderAndAdvanceTheVersion() {
    sequencers.submit(SubmittedOp.create("t/1", "text-unicode", "abc", "a", 1)).await();
    assertThat(submit("t/1", 1, "a", 2, List.of(3, "d"))).isEqualTo(2);
    assertThat(submit("t/1", 2, "a", 3, List.of("<"))).isEqualTo(3);
    assertThat(data("t/1")).isEqualTo("<abcd");
  }

  @Test
  void opMadeAgainstAnOldVersionIsTransformedOverWhatCameAfter() {
    sequencers.submit(SubmittedOp.create("t/2", "text-unicode", "abc", "a", 1)).await();
    submit("t/2", 1, "a", 2, List.of("XX"));
    assertThat(submit("t/2", 1, "b", 1, List.of(3, "!"))).isEqualTo(3);
    assertThat(data("t/2")).isEqualTo("XXabc!");
  }

  @Test
  void commitLosesRaceThenTransformsAndRetries() {
    sequencers.submit(SubmittedOp.create("t/3", "text-unicode", "abc", "a", 1)).await();
    store.rivalWins(2, v -> StoredOp.edit("t/3", v, "rival", v, List.of("R"), 0));
    assertThat(submit("t/3", 1, "a", 2, List.of(3, "!"))).isEqualTo(4);
    assertThat(data("t/3")).isEqualTo("RRabc!");
    assertThat(meters.counter("lockstep_sync_commit_retries").count()).isEqualTo(2);
  }

  @Test
  void endlessLostRacesGiveUpAsUnavailable() {
    sequencers.submit(SubmittedOp.create("t/4", "text-unicode", "abc", "a", 1)).await();
    store.rivalWins(100, v -> StoredOp.edit("t/4", v, "rival", v, List.of("R"), 0));
    assertThatThrownBy(() -> submit("t/4", 1, "a", 2, List.of("!")))
        .isInstanceOfSatisfying(LockstepException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
    assertThat(meters.counter("lockstep_sync_commit_retries").count()).isEqualTo(LIMITS.maxSubmitRetries() + 1);
  }

  @Test
  void resubmittedOpIsAckedWithItsOriginalVersionAndAppliedOnce() {
    sequencers.submit(SubmittedOp.create("t/5", "text-unicode", "", "a", 1)).await();
    assertThat(submit("t/5", 1, "a", 2, List.of("x"))).isEqualTo(2);
    submit("t/5", 2, "b", 1, List.of("y"));
    assertThat(submit("t/5", 1, "a", 2, List.of("x"))).isEqualTo(2);
    assertThat(data("t/5")).isEqualTo("yx");
    assertThat(sequencers.version("t/5").await()).isEqualTo(3);
  }

  @Test
  void opCommittedByAnotherNodeIsRecognisedAsAResubmission() {
    sequencers.submit(SubmittedOp.create("t/6", "text-unicode", "", "a", 1)).await();
    memory.commit(StoredOp.edit("t/6", 2, "a", 2, List.of("x"), 0)).await();
    assertThat(submit("t/6", 1, "a", 2, List.of("x"))).isEqualTo(2);
    assertThat(data("t/6")).isEqualTo("x");
  }

  @Test
  void opsByOtherNodesAreCaughtUpBeforeASnapshotIsServed() {
    sequencers.submit(SubmittedOp.create("t/7", "json0", Map.of("n", 1), "a", 1)).await();
    memory.commit(StoredOp.edit("t/7", 2, "z", 1, List.of(Map.of("p", List.of("n"), "na", 41)), 0)).await();
    var snapshot = sequencers.snapshot("t/7").await();
    assertThat(snapshot.v()).isEqualTo(2);
    assertThat(((Map<?, ?>) snapshot.data()).get("n")).isEqualTo(42);
  }

  @Test
  void opThatDoesNotApplyIsRejectedAndChangesNothing() {
    sequencers.submit(SubmittedOp.create("t/8", "text-unicode", "abc", "a", 1)).await();
    assertThatThrownBy(() -> submit("t/8", 1, "a", 2, List.of(10, "x")))
        .isInstanceOfSatisfying(LockstepException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_OP));
    assertThat(sequencers.version("t/8").await()).isEqualTo(1);
  }

  @Test
  void opAheadOfTheDocumentIsRejected() {
    sequencers.submit(SubmittedOp.create("t/9", "text-unicode", "abc", "a", 1)).await();
    assertThatThrownBy(() -> submit("t/9", 5, "a", 2, List.of("x")))
        .isInstanceOfSatisfying(LockstepException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VERSION_AHEAD));
  }

  @Test
  void creatingAnExistingDocumentConflictsUnlessItIsTheSameCreationAgain() {
    assertThat(sequencers.submit(SubmittedOp.create("t/10", "json0", Map.of(), "a", 1)).await()).isEqualTo(1);
    assertThat(sequencers.submit(SubmittedOp.create("t/10", "json0", Map.of(), "a", 1)).await()).isEqualTo(1);
    assertThatThrownBy(() -> sequencers.submit(SubmittedOp.create("t/10", "json0", Map.of(), "b", 1)).await())
        .isInstanceOfSatisfying(LockstepException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
  }

  @Test
  void manyConcurrentSubmissionsToOneDocumentAllCommitExactlyOnce() {
    sequencers.submit(SubmittedOp.create("t/11", "text-unicode", "", "a", 1)).await();
    List<Future<Long>> acks = new ArrayList<>();
    for (int i = 1; i <= 300; i++) {
      acks.add(sequencers.submit(SubmittedOp.edit("t/11", 1, "c" + (i % 7), i, List.of("x"), 4)));
    }
    Future.all(acks).await();
    assertThat(acks.stream().map(Future::result).distinct().count()).isEqualTo(300);
    assertThat(sequencers.version("t/11").await()).isEqualTo(301);
    assertThat((String) data("t/11")).hasSize(300);
  }

  @Test
  void snapshotsAreStoredEveryFewOpsSoTheStoreCanRebuildTheDocument() {
    sequencers.submit(SubmittedOp.create("t/12", "text-unicode", "", "a", 1)).await();
    for (int i = 0; i < 12; i++) {
      submit("t/12", 1 + i, "a", 2 + i, List.of("x"));
    }
    assertThat(memory.snapshot("t/12").await().v()).isEqualTo(11);
  }

  @Test
  void anOverloadedDocumentRefusesNewRequestsInsteadOfQueueingWithoutBound() {
    GatedOpStore gated = new GatedOpStore(memory);
    Limits small = new Limits(256 * 1024, 2_000, 4 * 1024 * 1024, 200, 400, 1_000, 4 * 1024 * 1024, 120, 5, 10_000, 3, 10, 60_000,
        8 << 20);
    LocalSequencers bounded = new LocalSequencers(gated, small, new SyncMetrics(new SimpleMeterRegistry()));
    vertx.deployVerticle(() -> new SequencerVerticle(bounded), new DeploymentOptions().setInstances(1)).await();
    bounded.submit(SubmittedOp.create("t/13", "text-unicode", "", "a", 1)).await();
    gated.close();
    List<Future<Long>> held = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      held.add(bounded.submit(SubmittedOp.edit("t/13", 1, "a", 2 + i, List.of("x"), 4)));
    }
    assertThatThrownBy(() -> bounded.submit(SubmittedOp.edit("t/13", 1, "a", 12, List.of("x"), 4)).await())
        .isInstanceOfSatisfying(LockstepException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
    gated.open();
    Future.all(held).await();
    assertThat(bounded.version("t/13").await()).isEqualTo(11);
  }

}
