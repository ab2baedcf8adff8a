package io.lockstep.sync.crdt;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.common.config.Limits;
import io.lockstep.common.crdt.CrdtType;
import io.lockstep.common.engine.broker.MemoryBroker;
import io.lockstep.common.engine.ops.MemoryOpStore;
import io.lockstep.common.engine.ops.OpStore;
import io.lockstep.common.engine.ops.RedisOpStore;
import io.lockstep.common.engine.ops.Retention;
import io.lockstep.common.engine.ops.Snapshot;
import io.lockstep.common.engine.redis.RedisConnections;
import io.lockstep.common.testing.RedisServerExtension;
import io.lockstep.sync.metrics.SyncMetrics;
import io.lockstep.sync.sequencer.LocalSequencers;
import io.lockstep.sync.sequencer.SequencerVerticle;
import io.lockstep.sync.sequencer.SubmittedOp;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.redis.client.RedisOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * crdt ops made against a version far older than the history kept (docs/protocol.md §6), with a
 * store that keeps four ops and two source records per document, on the memory and Redis engines:
 * an op from a device the store no longer knows is committed (never refused for its age), a resend
 * the store can still recognise is acked once, and the documented trade: a resend whose original
 * left the history and whose source record was dropped is committed again.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OldCrdtOpsTest {
  @RegisterExtension
  static final RedisServerExtension REDIS = new RedisServerExtension();

  private static final Limits LIMITS = new Limits(256 * 1024, 2_000, 4 * 1024 * 1024, 200, 400, 1_000,
      4 * 1024 * 1024, 120, 2, 4, 3, 1_000, 50, 8 * 1024 * 1024, 1024 * 1024, 2, 1_000, 1024 * 1024, 50, 100, 100_000);

  private Vertx vertx;
  private RedisConnections redis;
  private LocalSequencers sequencers;
  private final String doc = "old/" + UUID.randomUUID();

  private void start(String engine) {
    vertx = Vertx.vertx();
    OpStore store;
    if (engine.equals("redis")) {
      redis = new RedisConnections(vertx, new RedisOptions().setConnectionString(REDIS.uri()), Duration.ofSeconds(5));
      store = new RedisOpStore(redis, Retention.of(LIMITS));
    } else {
      store = new MemoryOpStore(vertx, new MemoryBroker(vertx), Retention.of(LIMITS));
    }
    sequencers = new LocalSequencers(store, LIMITS, new SyncMetrics(new SimpleMeterRegistry()));
    vertx.deployVerticle(() -> new SequencerVerticle(sequencers), new DeploymentOptions().setInstances(1)).await();
    sequencers.submit(SubmittedOp.create(doc, "crdt", Map.of(), "creator", 1)).await();
  }

  @AfterEach
  void stop() {
    if (redis != null) {
      redis.close().await();
    }
    vertx.close().await();
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "redis"})
  void anOpFromADeviceTheStoreNoLongerKnowsIsCommittedWhateverItsBase(String engine) {
    start(engine);
    long v = submit("others-1", 1, 1, add("x"));
    busyOthers(3, 4);
    long offline = submit("offline-device", 1, 1, inc("n", 1), remove("x"));
    assertThat(offline).isEqualTo(v + 12 + 1);
    // Its base still says what it had seen: the add at version 2 came later, so it survives.
    assertThat(value()).containsEntry("n", 1L).containsEntry("tags", List.of("x"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "redis"})
  void aResendOfAnOpWhoseSourceIsStillRecordedIsAckedOnce(String engine) {
    start(engine);
    long first = submit("device", 1, 1, inc("n", 1));
    for (int seq = 1; seq <= 10; seq++) {
      submit("other", seq, sequencers.version(doc).await(), inc("m", 1)); // one other source: the device's record stays
    }
    assertThat(submit("device", 1, 1, inc("n", 1))).as("acked with its original version").isEqualTo(first);
    submit("device", 2, 1, inc("n", 1));
    assertThat(value()).containsEntry("n", 2L);
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "redis"})
  void aResendTheStoreCanNoLongerTellFromANewOpIsCommittedAgain(String engine) {
    start(engine);
    long first = submit("device", 1, 1, inc("n", 1));
    busyOthers(3, 4); // three newer sources push the device's record out; the history moves past its op
    long again = submit("device", 1, 1, inc("n", 1));
    // The trade docs/protocol.md §6 documents: applied twice rather than ever refusing an old op.
    assertThat(again).isGreaterThan(first);
    assertThat(value()).containsEntry("n", 2L);
  }

  /** {@code sources} other devices commit {@code each} ops apiece, each against the current version. */
  private void busyOthers(int sources, int each) {
    for (int s = 1; s <= sources; s++) {
      for (int seq = 1; seq <= each; seq++) {
        submit("busy-" + s, seq, sequencers.version(doc).await(), inc("m", 1));
      }
    }
  }

  private long submit(String src, long seq, long base, Object... components) {
    return sequencers.submit(SubmittedOp.edit(doc, base, src, seq, List.of(components), 32)).await();
  }

  private Map<String, Object> value() {
    Snapshot snapshot = sequencers.snapshot(doc).await();
    return CrdtType.value(snapshot.data(), snapshot.v());
  }

  private static Map<String, Object> inc(String field, int n) {
    return Map.of("p", List.of(field), "inc", n);
  }

  private static Map<String, Object> add(String element) {
    return Map.of("p", List.of("tags"), "add", element);
  }

  private static Map<String, Object> remove(String element) {
    return Map.of("p", List.of("tags"), "remove", element);
  }
}
