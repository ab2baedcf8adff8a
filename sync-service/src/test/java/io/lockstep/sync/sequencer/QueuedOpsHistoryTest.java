package io.lockstep.sync.sequencer;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.common.config.Limits;
import io.lockstep.common.engine.broker.MemoryBroker;
import io.lockstep.common.engine.ops.MemoryOpStore;
import io.lockstep.sync.metrics.SyncMetrics;
import io.lockstep.sync.testing.GatedOpStore;
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
 * Issue 16 item 3: an op is never refused as too old merely because it waited in the sequencer's
 * own queue. The store and the sequencer keep 5 ops of history; 150 ops made against version 1
 * wait behind a held commit, and are then committed in plans of at most 64: the last ones need
 * some 150 ops of history, which only exists because the sequencer held it for them.
 */
class QueuedOpsHistoryTest {
  private static final int RETAIN = 5;
  private static final Limits LIMITS = new Limits(256 * 1024, 2_000, 4 * 1024 * 1024, 200, 400, 1_000,
      4 * 1024 * 1024, 120, 100, RETAIN, 3, 1_000, 60_000, 8 << 20);
  private static final String DOC = "t/queued-history";

  private Vertx vertx;
  private GatedOpStore gated;
  private LocalSequencers sequencers;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    gated = new GatedOpStore(new MemoryOpStore(vertx, new MemoryBroker(vertx), RETAIN));
    sequencers = new LocalSequencers(gated, LIMITS, new SyncMetrics(new SimpleMeterRegistry()));
    vertx.deployVerticle(() -> new SequencerVerticle(sequencers), new DeploymentOptions().setInstances(1)).await();
    sequencers.submit(SubmittedOp.create(DOC, "text-unicode", "", "creator", 1)).await();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void opsThatWaitedBehindMoreThanTheRetainedHistoryAreStillRebasedAndCommitted() {
    gated.close();
    Future<Long> held = sequencers.submit(SubmittedOp.edit(DOC, 1, "first", 1, List.of("h"), 4));
    sequencers.version("t/other").await();
    List<Future<Long>> queued = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      queued.add(sequencers.submit(SubmittedOp.edit(DOC, 1, "c" + i, 1, List.of("x"), 4)));
    }
    gated.open();

    assertThat(held.await()).isEqualTo(2);
    List<Long> versions = new ArrayList<>();
    for (Future<Long> op : queued) {
      versions.add(op.await());
    }
    assertThat(versions).hasSize(150).doesNotHaveDuplicates().allSatisfy(v -> assertThat(v).isBetween(3L, 152L));
    assertThat((String) sequencers.snapshot(DOC).await().data()).isEqualTo("x".repeat(150) + "h");
  }
}
