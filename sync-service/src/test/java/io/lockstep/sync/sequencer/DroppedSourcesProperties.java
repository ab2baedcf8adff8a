package io.lockstep.sync.sequencer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.lockstep.common.config.Limits;
import io.lockstep.common.crdt.CrdtType;
import io.lockstep.common.engine.broker.MemoryBroker;
import io.lockstep.common.engine.ops.MemoryOpStore;
import io.lockstep.common.engine.ops.Retention;
import io.lockstep.common.engine.ops.Snapshot;
import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.LockstepException;
import io.lockstep.sync.metrics.SyncMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Attack on the bounded {@code (src, seq)} records: with a store that keeps two source records and
 * four ops per document, random runs of new ops from six sources mixed with resubmissions of earlier
 * ops (same src, seq, base and op, as a client resends after a lost ack). On an OT document (each op
 * inserts a token of its own) a resubmission is acked with its original version or refused with
 * {@code conflict}, never applied twice. On a crdt document (each op counts its own key up by one)
 * no new op is ever refused, however old its base, and a resubmission is applied again only in the
 * case docs/protocol.md §6 documents: the store no longer holds its source's record nor the
 * original op, so it cannot be told from a new one; each key counts exactly its commits.
 */
class DroppedSourcesProperties {
  private static final Limits LIMITS = new Limits(256 * 1024, 2_000, 4 * 1024 * 1024, 200, 400, 1_000,
      4 * 1024 * 1024, 120, 2, 4, 3, 1_000, 50, 8 * 1024 * 1024, 1024 * 1024, 2, 1_000, 1024 * 1024, 50, 100, 100_000);
  private static final int SOURCES = 6;
  private static final AtomicInteger DOCS = new AtomicInteger();

  private static Vertx vertx;
  private static LocalSequencers sequencers;
  private static MemoryOpStore store;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    store = new MemoryOpStore(vertx, new MemoryBroker(vertx), Retention.of(LIMITS));
    sequencers = new LocalSequencers(store, LIMITS, new SyncMetrics(new SimpleMeterRegistry()));
    vertx.deployVerticle(() -> new SequencerVerticle(sequencers), new DeploymentOptions().setInstances(1)).await();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  /** One op as its client made it, kept to be sent again. */
  private record Sent(SubmittedOp op, long ackedV) {}

  @Test
  void aResubmittedOpIsNeverAppliedTwiceOnAnOtDocument() {
    qt().withExamples(60).forAll(lists().of(integers().between(0, 999)).ofSizeBetween(10, 60)).checkAssert(actions -> {
      String doc = "drop/ot-" + DOCS.incrementAndGet();
      sequencers.submit(SubmittedOp.create(doc, "text-unicode", "", "creator", 1)).await();
      run(doc, actions, (src, seq) -> List.of(token(src, seq)));
      String text = (String) sequencers.snapshot(doc).await().data();
      for (int src = 0; src < SOURCES; src++) {
        for (int seq = 1; seq <= actions.size(); seq++) {
          assertThat(occurrences(text, token(src, seq))).as("%s in %s", token(src, seq), text).isLessThanOrEqualTo(1);
        }
      }
    });
  }

  @Test
  void aCrdtOpIsNeverRefusedAndAppliedTwiceOnlyWhenTheStoreCannotTell() {
    qt().withExamples(60).forAll(lists().of(integers().between(0, 999)).ofSizeBetween(10, 60)).checkAssert(actions -> {
      String doc = "drop/crdt-" + DOCS.incrementAndGet();
      sequencers.submit(SubmittedOp.create(doc, "crdt", Map.of(), "creator", 1)).await();
      SourceRecords records = new SourceRecords(LIMITS.maxSourcesPerDoc());
      records.committed("creator", 1);
      long[] nextSeq = new long[SOURCES];
      List<SubmittedOp> sent = new ArrayList<>();
      Map<String, Set<Long>> committedAt = new HashMap<>(); // an op committed again is acked with either version later

      for (int action : actions) {
        if (action < 600 || sent.isEmpty()) {
          int src = action % SOURCES;
          long seq = ++nextSeq[src];
          long base = Math.max(sequencers.version(doc).await() - (action / SOURCES) % 3 - (action % 7 == 0 ? 20 : 0), 1);
          String key = "k" + src + "_" + seq;
          SubmittedOp op = SubmittedOp.edit(doc, base, "s" + src, seq, List.of(Map.of("p", List.of(key), "inc", 1)), 16);
          long v = sequencers.submit(op).await(); // never refused, however old the base
          sent.add(op);
          committedAt.computeIfAbsent(key, k -> new HashSet<>()).add(v);
          records.committed(op.src(), seq);
        } else {
          SubmittedOp again = sent.get(action % sent.size());
          String key = key(again);
          boolean storeCannotTell = !records.holdsAtLeast(again.src(), again.seq())
              && store.committedVersion(doc, again.src(), again.seq()).await().isEmpty();
          Long v = answer(sequencers.submit(again));
          if (v != null && committedAt.get(key).add(v)) {
            assertThat(storeCannotTell).as("%s/%s committed again as %s though the store could tell", again.src(),
                again.seq(), v).isTrue();
            records.committed(again.src(), again.seq());
          }
        }
      }
      Snapshot snapshot = sequencers.snapshot(doc).await();
      Map<String, Object> value = CrdtType.value(snapshot.data(), snapshot.v());
      committedAt.forEach((key, versions) ->
          assertThat(((Number) value.get(key)).longValue()).as("%s in %s", key, value).isEqualTo(versions.size()));
    });
  }

  private static String key(SubmittedOp op) {
    return "k" + op.src().substring(1) + "_" + op.seq();
  }

  /**
   * The store's per-document source records: the last {@code capacity} sources to commit, each with
   * the seq it last committed. (Once an op was committed again, its source's record holds that op's
   * seq, so a resend of any later op of that source is new to the store too; a client never resends
   * an op after a later one was acked, this attack does.)
   */
  private static final class SourceRecords {
    private final int capacity;
    private final LinkedHashMap<String, Long> recent = new LinkedHashMap<>();

    SourceRecords(int capacity) {
      this.capacity = capacity;
    }

    void committed(String src, long seq) {
      recent.remove(src);
      recent.put(src, seq);
      while (recent.size() > capacity) {
        recent.remove(recent.keySet().iterator().next());
      }
    }

    boolean holdsAtLeast(String src, long seq) {
      Long last = recent.get(src);
      return last != null && last >= seq;
    }
  }

  private interface OpMaker {
    Object op(int src, long seq);
  }

  /** Values below 600 send a new op of source {@code value % 6}; the others resend an earlier op. */
  private static void run(String doc, List<Integer> actions, OpMaker maker) {
    long[] nextSeq = new long[SOURCES];
    List<Sent> sent = new ArrayList<>();
    Map<String, Long> acked = new HashMap<>();
    for (int action : actions) {
      if (action < 600 || sent.isEmpty()) {
        int src = action % SOURCES;
        long seq = ++nextSeq[src];
        long base = sequencers.version(doc).await() - (action / SOURCES) % 3;
        SubmittedOp op = SubmittedOp.edit(doc, Math.max(base, 1), "s" + src, seq, maker.op(src, seq), 16);
        Long v = answer(sequencers.submit(op));
        sent.add(new Sent(op, v == null ? -1 : v));
        if (v != null) {
          acked.put(op.src() + "/" + seq, v);
        }
      } else {
        Sent again = sent.get(action % sent.size());
        Long v = answer(sequencers.submit(again.op()));
        Long original = acked.get(again.op().src() + "/" + again.op().seq());
        if (v != null) {
          assertThat(v).as("a resubmission is acked with its original version, never committed anew").isEqualTo(original);
        }
      }
    }
  }

  /** The version, or null when the op was refused with {@code conflict} (too old to tell). */
  private static Long answer(Future<Long> result) {
    return result.transform(ar -> {
      if (ar.succeeded()) {
        return Future.succeededFuture(ar.result());
      }
      if (ar.cause() instanceof LockstepException e && e.code() == ErrorCode.CONFLICT) {
        return Future.succeededFuture((Long) null);
      }
      return Future.<Long>failedFuture(ar.cause());
    }).await();
  }

  private static String token(int src, long seq) {
    return "<" + src + "." + seq + ">";
  }

  private static int occurrences(String text, String token) {
    int n = 0;
    for (int at = text.indexOf(token); at >= 0; at = text.indexOf(token, at + 1)) {
      n++;
    }
    return n;
  }
}
