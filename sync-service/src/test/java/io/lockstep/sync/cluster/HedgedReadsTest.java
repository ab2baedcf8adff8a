package io.lockstep.sync.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.common.bus.Addresses;
import io.lockstep.common.config.Limits;
import io.lockstep.common.engine.broker.MemoryBroker;
import io.lockstep.common.engine.ops.MemoryOpStore;
import io.lockstep.common.engine.ops.Snapshot;
import io.lockstep.sync.metrics.SyncMetrics;
import io.lockstep.sync.sequencer.LocalSequencers;
import io.lockstep.sync.sequencer.RoutedCall;
import io.lockstep.sync.sequencer.SequencerVerticle;
import io.lockstep.sync.sequencer.SubmittedOp;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Forwarded reads are hedged ({@link Forwarder}): this node ("here") forwards a read of a document
 * owned by "owner" over the event bus, where a consumer on the owner's address plays the owner. An
 * owner that never answers (as one just killed does, until the send times out) costs the read
 * {@link Forwarder#READ_HEDGE_MS}, after which this node's own sequencer answers from the store; a
 * prompt owner's answer is used and nothing runs here.
 */
class HedgedReadsTest {
  private static final String HERE = "here";
  private static final String OWNER = "owner";

  private Vertx vertx;
  private SimpleMeterRegistry meters;
  private Ownership ownership;
  private Forwarder forwarder;
  private String doc;

  @BeforeEach
  void start() throws InterruptedException {
    vertx = Vertx.vertx();
    ClusterCodecs.registerAll(vertx);
    MemoryOpStore store = new MemoryOpStore(vertx, new MemoryBroker(vertx), 10_000);
    LocalSequencers here = new LocalSequencers(store, Limits.DEFAULTS, new SyncMetrics(new SimpleMeterRegistry()));
    vertx.deployVerticle(() -> new SequencerVerticle(here), new DeploymentOptions().setInstances(1)).await();
    meters = new SimpleMeterRegistry();
    ClusterMetrics metrics = new ClusterMetrics(meters);
    ownership = Ownership.start(vertx, HERE, () -> List.of(HERE, OWNER), member -> Future.succeededFuture(), metrics);
    long deadline = System.currentTimeMillis() + 10_000;
    while (ownership.members().size() < 2 && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }
    assertThat(ownership.members()).containsExactly(HERE, OWNER);
    doc = IntStream.range(0, 1_000).mapToObj(i -> "hedge/" + i).filter(d -> ownership.ownerOf(d).equals(OWNER))
        .findFirst().orElseThrow();
    forwarder = new Forwarder(vertx, ownership, here, metrics);
    // The document is at v2 in the store this node reads.
    here.submit(SubmittedOp.create(doc, "text-unicode", "", "w", 1)).await();
    here.submit(SubmittedOp.edit(doc, 1, "w", 2, List.of("x"), 4)).await();
  }

  @AfterEach
  void stop() {
    ownership.close();
    vertx.close().await();
  }

  @Test
  void aReadTheOwnerDoesNotAnswerIsAnsweredHereAfterTheHedgeDelay() throws InterruptedException {
    CountDownLatch asked = new CountDownLatch(1);
    vertx.eventBus().consumer(Addresses.syncOwner(OWNER), message -> asked.countDown()).completion().await();

    long started = System.nanoTime();
    Snapshot snapshot = forwarder.route(new RoutedCall.ReadSnapshot(doc)).await();
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

    assertThat(asked.await(1, TimeUnit.SECONDS)).as("the read went to the owner first").isTrue();
    assertThat(snapshot.v()).as("answered from this node's store").isEqualTo(2);
    assertThat(snapshot.data()).isEqualTo("x");
    assertThat(tookMs).as("ms until the answer: the hedge delay, not the forward timeout")
        .isBetween(Forwarder.READ_HEDGE_MS - 10, Forwarder.TIMEOUT_MS - 1_000);
    assertThat(meters.counter("lockstep_sync_forward_reads_hedged").count()).isEqualTo(1);
    assertThat(meters.counter("lockstep_sync_forwards").count()).isEqualTo(1);
  }

  /**
   * A resubscription reads twice in a row from a dead owner (the fan-out's starting version, then the
   * catch-up ops): only the first waits for the hedge; the owner is slow until it answers again.
   */
  @Test
  void aReadToAnOwnerThatLeftTheLastOneUnansweredIsRunHereAtOnce() {
    vertx.eventBus().consumer(Addresses.syncOwner(OWNER), message -> {}).completion().await();
    forwarder.route(new RoutedCall.ReadVersion(doc)).await();

    long started = System.nanoTime();
    long version = forwarder.route(new RoutedCall.ReadVersion(doc)).await();
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

    assertThat(version).isEqualTo(2);
    assertThat(tookMs).as("ms for the second read").isLessThan(Forwarder.READ_HEDGE_MS / 2);
    assertThat(meters.counter("lockstep_sync_forward_reads_hedged").count()).isEqualTo(2);
    assertThat(meters.counter("lockstep_sync_forwards").count()).as("both still asked the owner").isEqualTo(2);
  }

  @Test
  void aPromptOwnersAnswerIsUsedAndTheReadIsNotRunHere() throws InterruptedException {
    // The owner claims v7, which this node's store never had: the answer shows whose it is.
    vertx.eventBus().<RoutedCall<?>>consumer(Addresses.syncOwner(OWNER), message -> message.reply(7L))
        .completion().await();

    long started = System.nanoTime();
    long version = forwarder.route(new RoutedCall.ReadVersion(doc)).await();
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

    assertThat(version).as("the owner's answer").isEqualTo(7);
    assertThat(tookMs).isLessThan(Forwarder.READ_HEDGE_MS);
    Thread.sleep(Forwarder.READ_HEDGE_MS + 300);
    assertThat(meters.counter("lockstep_sync_forward_reads_hedged").count())
        .as("no hedge after the owner answered").isZero();
    assertThat(meters.counter("lockstep_sync_forwards").count()).isEqualTo(1);
  }
}
