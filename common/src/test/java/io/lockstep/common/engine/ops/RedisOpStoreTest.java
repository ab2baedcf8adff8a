package io.lockstep.common.engine.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockstep.common.engine.broker.Broker;
import io.lockstep.common.engine.broker.OpTopics;
import io.lockstep.common.engine.broker.RedisBroker;
import io.lockstep.common.engine.ops.CommitResult.Committed;
import io.lockstep.common.engine.ops.CommitResult.Duplicate;
import io.lockstep.common.engine.feed.DocFeeds;
import io.lockstep.common.engine.feed.FeedEvent;
import io.lockstep.common.engine.feed.FeedId;
import io.lockstep.common.engine.feed.FeedPage;
import io.lockstep.common.engine.feed.RedisFeedLog;
import io.lockstep.common.engine.redis.RedisConnections;
import io.lockstep.common.engine.redis.RedisKeys;
import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.FeedChannels;
import io.lockstep.common.protocol.LockstepException;
import io.lockstep.common.testing.RedisServerExtension;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The op store contract on Redis, plus what only Redis has: restarts, persistence, key layout, scripts. */
class RedisOpStoreTest extends OpStoreContract {
  @RegisterExtension
  static final RedisServerExtension REDIS = new RedisServerExtension();

  private static final long TS = 1_700_000_000_000L;

  /** The connections each store or broker was built on, closed with it. */
  private final Map<Object, RedisConnections> connections = new IdentityHashMap<>();

  @Override
  protected Broker newBroker(Vertx vertx) {
    RedisConnections redis = connect(vertx);
    RedisBroker broker = new RedisBroker(vertx, redis);
    connections.put(broker, redis);
    return broker;
  }

  @Override
  protected OpStore newStore(Vertx vertx, Broker broker, Retention retention) {
    RedisConnections redis = connect(vertx);
    RedisOpStore store = new RedisOpStore(redis, retention);
    connections.put(store, redis);
    return store;
  }

  @Override
  protected Future<Void> dispose(OpStore store) {
    return connections.remove(store).close();
  }

  @Override
  protected Future<Void> dispose(Broker broker) {
    RedisConnections redis = connections.remove(broker);
    return ((RedisBroker) broker).close().eventually(redis::close);
  }

  @AfterEach
  void serverIsLeftRunningWithoutPersistence() {
    if (!REDIS.isRunning()) {
      REDIS.restart(false);
    }
  }

  // ---- Redis only ----

  @Test
  void everyKeyOfADocumentAndItsTopicShareOneHashSlot(Vertx vertx) {
    String doc = "slots/" + UUID.randomUUID();
    RedisConnections redis = connect(vertx);
    OpStore store = new RedisOpStore(redis, 1);
    try {
      await(store.commit(creation(doc), Optional.of(new Snapshot(doc, 1, "json0", Map.of()))));
      await(store.commit(StoredOp.edit(doc, 2, "c1", 1, List.of("x"), TS)));

      List<String> named = RedisKeys.commitKeys(doc);
      Response found = await(redis.send(Request.cmd(Command.KEYS).arg("*" + RedisKeys.tag(doc) + "*")));
      assertThat(found.stream().map(Response::toString).collect(Collectors.toSet()))
          .as("every key the store wrote is one RedisKeys names").isSubsetOf(named).hasSize(7);
      int slot = HashSlots.of(OpTopics.forDoc(doc));
      assertThat(named).allSatisfy(key -> assertThat(HashSlots.of(key)).as(key).isEqualTo(slot));
      assertThat(slot).isEqualTo(HashSlots.crc16(doc.getBytes(StandardCharsets.UTF_8)) % 16384);
      assertThat(HashSlots.crc16("123456789".getBytes(StandardCharsets.UTF_8))).as("the reference CRC").isEqualTo(0x31C3);
    } finally {
      await(redis.close());
    }
  }

  /** Attack: a document edited from ever new sources must not grow its source records without bound. */
  @Test
  void sourceRecordsStayWithinTheirBoundWhateverTheNumberOfSources(Vertx vertx) {
    String doc = "sources/" + UUID.randomUUID();
    RedisConnections redis = connect(vertx);
    OpStore store = new RedisOpStore(redis, new Retention(10, 1024 * 1024, 5));
    try {
      await(store.commit(creation(doc), Optional.of(new Snapshot(doc, 1, "json0", Map.of()))));
      for (int i = 0; i < 200; i++) {
        await(store.commit(StoredOp.edit(doc, 2 + i, "src-" + i, 1, List.of("x"), TS)));
      }
      assertThat(await(redis.send(Request.cmd(Command.HLEN).arg(RedisKeys.sources(doc)))).toInteger()).isEqualTo(5);
      assertThat(await(redis.send(Request.cmd(Command.ZCARD).arg(RedisKeys.sourceOrder(doc)))).toInteger()).isEqualTo(5);
      assertThat(await(redis.send(Request.cmd(Command.HEXISTS).arg(RedisKeys.sources(doc)).arg("src-199"))).toBoolean())
          .as("the most recent source keeps its record").isTrue();
    } finally {
      await(redis.close());
    }
  }

  /** Attack: large ops must not pile up in the doc: feed past the history's byte bound. */
  @Test
  void theDocFeedKeepsNoMoreThanTheBoundedHistory(Vertx vertx) {
    String doc = "feedbytes/" + UUID.randomUUID();
    RedisConnections redis = connect(vertx);
    OpStore store = new RedisOpStore(redis, new Retention(1_000, 4 * 1024, 1_000));
    try {
      await(store.commit(creation(doc), Optional.of(new Snapshot(doc, 1, "json0", Map.of()))));
      String big = "x".repeat(1_000);
      for (int i = 0; i < 30; i++) {
        long v = 2 + i;
        await(store.commit(StoredOp.edit(doc, v, "big", 1 + i, List.of(big), TS), Optional.of(new Snapshot(doc, v, "json0", Map.of()))));
      }
      long logged = await(redis.send(Request.cmd(Command.ZCARD).arg(RedisKeys.opLog(doc)))).toLong();
      long fed = await(redis.send(Request.cmd(Command.XLEN).arg(RedisKeys.feedStream(FeedChannels.forDoc(doc))))).toLong();
      assertThat(logged).as("ops in the log, bounded by 4 KiB").isLessThan(10);
      assertThat(fed).as("doc: feed entries").isLessThanOrEqualTo(logged);
    } finally {
      await(redis.close());
    }
  }

  /**
   * Issue 14: the doc: feed is written by the commit itself, so an op in the log is in the feed
   * whatever happens to the node afterwards; a resubmission adds nothing, and the feed log reads it
   * back as every op frame once, in version order.
   */
  @Test
  void theDocFeedHoldsEveryCommittedOpOnceWrittenByTheCommit(Vertx vertx) {
    String doc = "feed/" + UUID.randomUUID();
    RedisConnections redis = connect(vertx);
    OpStore store = new RedisOpStore(redis, Retention.ofOps(100), new DocFeeds(1_000, 60_000, () -> TS));
    try {
      StoredOp created = creation(doc);
      StoredOp edit = StoredOp.edit(doc, 2, "c1", 1, List.of("x"), TS);
      StoredOp next = StoredOp.edit(doc, 3, "c1", 2, List.of("y"), TS);
      await(store.commit(created));
      await(store.commitAll(List.of(edit, next), Optional.empty()));
      assertThat(await(store.commit(edit))).isEqualTo(new Duplicate(2));

      FeedPage page = await(new RedisFeedLog(redis, 1_000, 60_000, 1_000, () -> TS)
          .read(FeedChannels.forDoc(doc), FeedId.NONE, 10));
      assertThat(page.events()).extracting(FeedEvent::type).containsOnly("op");
      assertThat(page.events()).extracting(FeedEvent::data).containsExactly(
          StoredOpCodec.encode(created).toString(), StoredOpCodec.encode(edit).toString(),
          StoredOpCodec.encode(next).toString());
      assertThat(page.events()).extracting(event -> event.id().toString())
          .containsExactly(TS + "-1", TS + "-2", TS + "-3");
    } finally {
      await(redis.close());
    }
  }

  @Test
  void commitFailsAsUnavailableWhileRedisIsDownAndWorksAgainAfterARestart(Vertx vertx) {
    String doc = "restart/" + UUID.randomUUID();
    RedisConnections redis = connect(vertx);
    OpStore store = new RedisOpStore(redis, 100);
    try {
      await(store.commit(creation(doc)));
      REDIS.kill();

      assertThatThrownBy(() -> await(store.commit(StoredOp.edit(doc, 2, "c1", 1, List.of("x"), TS))))
          .hasCauseInstanceOf(LockstepException.class)
          .satisfies(e -> assertThat(((LockstepException) e.getCause()).code()).isEqualTo(ErrorCode.UNAVAILABLE));
      assertThatThrownBy(() -> await(store.version(doc))).hasCauseInstanceOf(LockstepException.class);

      REDIS.restart(false);
      // Without persistence the restarted Redis is empty: the document starts over.
      assertThat(await(store.version(doc))).isZero();
      assertThat(await(store.commit(creation(doc)))).isEqualTo(new Committed(1));
    } finally {
      await(redis.close());
    }
  }

  @Test
  void opCommittedBeforeACrashIsStillThereWithAppendOnly(Vertx vertx) {
    REDIS.restart(true);
    String doc = "aof/" + UUID.randomUUID();
    RedisConnections redis = connect(vertx);
    OpStore store = new RedisOpStore(redis, 100);
    try {
      StoredOp creation = creation(doc);
      StoredOp edit = StoredOp.edit(doc, 2, "c1", 7, List.of("kept"), TS);
      await(store.commit(creation, Optional.of(new Snapshot(doc, 1, "json0", Map.of()))));
      assertThat(await(store.commit(edit))).isEqualTo(new Committed(2));

      REDIS.kill();
      REDIS.restart(true);

      assertThat(await(store.version(doc))).isEqualTo(2);
      assertThat(await(store.opsSince(doc, 0))).containsExactly(creation, edit);
      assertThat(await(store.snapshot(doc))).isEqualTo(new Snapshot(doc, 1, "json0", Map.of()));
      assertThat(await(store.commit(edit.withVersion(3)))).isEqualTo(new Duplicate(2));
    } finally {
      await(redis.close());
      REDIS.flushAll();
      REDIS.restart(false);
    }
  }

  @Test
  void commitStillWorksAfterRedisForgotTheScript(Vertx vertx) {
    String doc = "noscript/" + UUID.randomUUID();
    RedisConnections redis = connect(vertx);
    OpStore store = new RedisOpStore(redis, 100);
    try {
      await(store.commit(creation(doc)));
      await(redis.send(Request.cmd(Command.SCRIPT).arg("FLUSH")));

      assertThat(await(store.commit(StoredOp.edit(doc, 2, null, 0, List.of("x"), TS)))).isEqualTo(new Committed(2));
      assertThat(await(store.commit(StoredOp.edit(doc, 3, null, 0, List.of("y"), TS)))).isEqualTo(new Committed(3));
    } finally {
      await(redis.close());
    }
  }

  // ---- helpers ----

  private static RedisConnections connect(Vertx vertx) {
    return new RedisConnections(vertx, new RedisOptions().setConnectionString(REDIS.uri()), Duration.ofSeconds(5));
  }

  private static StoredOp creation(String doc) {
    return StoredOp.creation(doc, 1, null, 0, new Creation("json0", Map.of()), TS);
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.await(20, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("no answer within 20 s", e);
    } catch (RuntimeException e) {
      throw new IllegalStateException("future failed: " + e.getMessage(), e);
    }
  }

  /** Redis Cluster's key-to-slot mapping: CRC16 (XMODEM) of the hash tag, or of the whole key. */
  static final class HashSlots {
    private HashSlots() {}

    static int of(String key) {
      int open = key.indexOf('{');
      if (open >= 0) {
        int close = key.indexOf('}', open + 1);
        if (close > open + 1) {
          key = key.substring(open + 1, close);
        }
      }
      return crc16(key.getBytes(StandardCharsets.UTF_8)) % 16384;
    }

    static int crc16(byte[] bytes) {
      int crc = 0;
      for (byte b : bytes) {
        crc ^= (b & 0xff) << 8;
        for (int i = 0; i < 8; i++) {
          crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
        }
        crc &= 0xffff;
      }
      return crc;
    }
  }
}
