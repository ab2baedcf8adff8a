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
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Attack on the bounded {@code (src, seq)} records: with a store that keeps two source records and
 * four ops per document, random runs of new ops from six sources mixed with resubmissions of earlier
 * ops (same src, seq, base and op, as a client resends after a lost ack) never apply an op twice,
 * on an OT document (each op inserts a token of its own) and on a crdt one (each op counts its own
 * key up by one, which a second application would make 2). A resubmission is either acked with its
 * original version or refused with {@code conflict}; never committed as a new version.
 */
class DroppedSourcesProperties {
  private static final Limits LIMITS = new Limits(256 * 1024, 2_000, 4 * 1024 * 1024, 200, 400, 1_000,
      4 * 1024 * 1024, 120, 2, 4, 3, 1_000, 50, 8 * 1024 * 1024, 1024 * 1024, 2, 1_000, 1024 * 1024, 50, 100, 100_000);
  private static final int SOURCES = 6;
  private static final AtomicInteger DOCS = new AtomicInteger();

  private static Vertx vertx;
  private static LocalSequencers sequencers;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    MemoryOpStore store = new MemoryOpStore(vertx, new MemoryBroker(vertx), Retention.of(LIMITS));
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
  void aResubmittedOpIsNeverAppliedTwiceOnACrdtDocument() {
    qt().withExamples(60).forAll(lists().of(integers().between(0, 999)).ofSizeBetween(10, 60)).checkAssert(actions -> {
      String doc = "drop/crdt-" + DOCS.incrementAndGet();
      sequencers.submit(SubmittedOp.create(doc, "crdt", Map.of(), "creator", 1)).await();
      run(doc, actions, (src, seq) -> List.of(Map.of("p", List.of("k" + src + "_" + seq), "inc", 1)));
      Snapshot snapshot = sequencers.snapshot(doc).await();
      Map<String, Object> value = CrdtType.value(snapshot.data(), snapshot.v());
      assertThat(value.values()).as("%s", value).allSatisfy(n -> assertThat(((Number) n).longValue()).isEqualTo(1));
    });
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
