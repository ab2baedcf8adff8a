package io.lockstep.sync.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.common.config.Limits;
import io.lockstep.common.engine.broker.MemoryBroker;
import io.lockstep.common.engine.ops.MemoryOpStore;
import io.lockstep.common.testing.VertxContexts;
import io.lockstep.sync.metrics.SyncMetrics;
import io.lockstep.sync.sequencer.LocalSequencers;
import io.lockstep.sync.sequencer.SequencerVerticle;
import io.lockstep.sync.sequencer.SubmittedOp;
import io.lockstep.sync.testing.LossyBroker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A document fan-out turns an at-most-once broker into a gap-free, ordered stream. */
class DocFanoutsTest {
  private Vertx vertx;
  private LocalSequencers sequencers;
  private DocFanouts fanouts;
  private Context loop;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    LossyBroker broker = new LossyBroker(new MemoryBroker(vertx), 3);
    MemoryOpStore store = new MemoryOpStore(vertx, broker, 10_000);
    sequencers = new LocalSequencers(store, Limits.DEFAULTS, new SyncMetrics(new SimpleMeterRegistry()));
    vertx.deployVerticle(() -> new SequencerVerticle(sequencers), new DeploymentOptions().setInstances(2)).await();
    fanouts = new DocFanouts(broker, sequencers);
    loop = VertxContexts.eventLoops(vertx, 1).await().get(0);
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void opsLostByTheBrokerAreReadBackAndDeliveredInOrder() throws InterruptedException {
    sequencers.submit(SubmittedOp.create("f/1", "text-unicode", "", "w", 1)).await();
    List<Long> seen = new CopyOnWriteArrayList<>();
    CountDownLatch all = new CountDownLatch(60);
    FanoutListener listener = new FanoutListener() {
      @Override
      public void onOp(FanoutOp op) {
        seen.add(op.v());
        all.countDown();
      }

      @Override
      public void onFanoutFailed(Throwable cause) {
        throw new AssertionError(cause);
      }
    };
    long joinedAt = VertxContexts.on(loop, () -> fanouts.join("f/1", listener)).await();
    assertThat(joinedAt).isEqualTo(1);
    for (int i = 0; i < 60; i++) {
      sequencers.submit(SubmittedOp.edit("f/1", 1 + i, "w", 2 + i, List.of("x"), 4)).await();
    }
    assertThat(all.await(10, TimeUnit.SECONDS)).as("60 ops delivered, saw %s", seen).isTrue();
    assertThat(seen).containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(2, 61).boxed().toList());
  }

  @Test
  void theBrokerSubscriptionLastsWhileThereAreLocalListeners() {
    FanoutListener quiet = new FanoutListener() {
      @Override
      public void onOp(FanoutOp op) {}

      @Override
      public void onFanoutFailed(Throwable cause) {}
    };
    VertxContexts.on(loop, () -> fanouts.join("f/2", quiet)).await();
    VertxContexts.on(loop, () -> fanouts.join("f/2", quiet)).await();
    assertThat(VertxContexts.on(loop, () -> Future.succeededFuture(fanouts.size())).await()).isEqualTo(1);
    VertxContexts.on(loop, () -> {
      fanouts.leave("f/2", quiet);
      fanouts.leave("f/2", quiet);
      return Future.succeededFuture();
    }).await();
    assertThat(VertxContexts.on(loop, () -> Future.succeededFuture(fanouts.size())).await()).isZero();
  }
}
