package io.lockstep.sync.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.common.config.Limits;
import io.lockstep.common.engine.broker.RedisBroker;
import io.lockstep.common.engine.ops.RedisOpStore;
import io.lockstep.common.engine.redis.RedisConnections;
import io.lockstep.common.testing.RedisServerExtension;
import io.lockstep.common.testing.VertxContexts;
import io.lockstep.sync.metrics.SyncMetrics;
import io.lockstep.sync.sequencer.LocalSequencers;
import io.lockstep.sync.sequencer.SequencerVerticle;
import io.lockstep.sync.sequencer.SubmittedOp;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A document fan-out on real Redis whose pub/sub connection drops while Redis itself stays up (as
 * when one node's link resets): the op committed meanwhile was published to nobody, and the fan-out
 * reads it from the store as soon as the broker's connection is back (issue 14: a subscriber within
 * 2 s of a committed op), without waiting for a quiet check, which these tests never start.
 */
class DocFanoutsOnRedisTest {
  @RegisterExtension
  static final RedisServerExtension REDIS = new RedisServerExtension();
  /** The broker's reconnection delay: long enough for the commit to land while it is away. */
  private static final Duration RECONNECT = Duration.ofSeconds(1);

  private Vertx vertx;
  private RedisConnections redis;
  private RedisBroker broker;
  private LocalSequencers sequencers;
  private SimpleMeterRegistry meters;
  private DocFanouts fanouts;
  private Context loop;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    redis = new RedisConnections(vertx, new RedisOptions().setConnectionString(REDIS.uri()), Duration.ofSeconds(5));
    broker = new RedisBroker(vertx, redis, RECONNECT, RECONNECT);
    RedisOpStore store = new RedisOpStore(redis, 10_000);
    sequencers = new LocalSequencers(store, Limits.DEFAULTS, new SyncMetrics(new SimpleMeterRegistry()));
    vertx.deployVerticle(() -> new SequencerVerticle(sequencers), new DeploymentOptions().setInstances(1)).await();
    meters = new SimpleMeterRegistry();
    fanouts = new DocFanouts(broker, sequencers, store, new SyncMetrics(meters));
    loop = VertxContexts.eventLoops(vertx, 1).await().get(0);
  }

  @AfterEach
  void stop() {
    broker.close().eventually(redis::close).await();
    vertx.close().await();
  }

  @Test
  void anOpCommittedWhileThePubSubConnectionWasDownArrivesWhenItIsBack() throws InterruptedException {
    sequencers.submit(SubmittedOp.create("r/1", "text-unicode", "", "w", 1)).await();
    CountDownLatch arrived = new CountDownLatch(1);
    AtomicLong arrivedAt = new AtomicLong();
    FanoutListener listener = new FanoutListener() {
      @Override
      public void onOp(FanoutOp op) {
        arrivedAt.set(System.nanoTime());
        arrived.countDown();
      }

      @Override
      public void onFanoutFailed(Throwable cause) {
        throw new AssertionError(cause);
      }
    };
    assertThat(VertxContexts.on(loop, () -> fanouts.join("r/1", listener)).await()).isEqualTo(1);

    long killed = redis.send(Request.cmd(Command.CLIENT).arg("KILL").arg("TYPE").arg("pubsub")).await().toLong();
    assertThat(killed).as("the broker's pub/sub connection was cut").isEqualTo(1);
    long committedAt = System.nanoTime();
    sequencers.submit(SubmittedOp.edit("r/1", 1, "w", 2, List.of("x"), 4)).await();
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - committedAt))
        .as("committed before the broker could be back").isLessThan(RECONNECT.toMillis() / 2);

    assertThat(arrived.await(10, TimeUnit.SECONDS)).as("the op published to nobody arrived").isTrue();
    assertThat(TimeUnit.NANOSECONDS.toMillis(arrivedAt.get() - committedAt))
        .as("ms from the commit: the reconnection delay, then one version and one ops read")
        .isLessThanOrEqualTo(RECONNECT.toMillis() + 700);
    assertThat(meters.timer("lockstep_sync_fanout_behind").count()).as("read back from the store").isEqualTo(1);
  }
}
