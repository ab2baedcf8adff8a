package io.lockstep.sync.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.common.bus.Addresses;
import io.lockstep.common.engine.ops.StoredOp;
import io.lockstep.sync.testing.ClusteredTestNodes;
import io.lockstep.sync.testing.ClusteredTestNodes.Node;
import io.lockstep.sync.testing.WsTestClient;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The owner of some documents leaves the cluster while ops keep arriving for them: ownership moves
 * to the remaining nodes, submissions keep succeeding (a few may fail with {@code unavailable}
 * during the hand-over and succeed when retried with the same src/seq), and the store ends with
 * every op exactly once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterHandOverTest {
  private static final int OPS_PER_DOC = 20;
  private static final DeliveryOptions REQUEST = new DeliveryOptions().setSendTimeout(5_000);

  private ClusteredTestNodes cluster;

  @BeforeAll
  void startCluster() {
    cluster = ClusteredTestNodes.start(3);
  }

  @AfterAll
  void stopCluster() {
    cluster.close();
  }

  @Test
  void whenTheOwnerLeavesItsDocumentsMoveAndNoOpIsLostOrDuplicated() throws Exception {
    List<String> leaving = docsOwnedBy(2, 4);
    List<String> staying = new ArrayList<>(docsOwnedBy(0, 2));
    staying.addAll(docsOwnedBy(1, 2));
    List<String> docs = new ArrayList<>(leaving);
    docs.addAll(staying);
    try (WsTestClient client = WsTestClient.connect(cluster.node(0).port())) {
      for (String doc : docs) {
        assertThat(client.request(new JsonObject().put("t", "create").put("doc", doc).put("type", "text-unicode")
            .put("data", "")).getString("t")).isEqualTo("ack");
      }
    }

    CountDownLatch underway = new CountDownLatch(docs.size());
    AtomicInteger unavailable = new AtomicInteger();
    Map<String, Map<Long, Long>> acked = new ConcurrentHashMap<>();
    ExecutorService threads = Executors.newFixedThreadPool(docs.size());
    try {
      List<Future<?>> runs = new ArrayList<>();
      for (int i = 0; i < docs.size(); i++) {
        String doc = docs.get(i);
        Node via = cluster.node(i % 2); // nodes 0 and 1 stay
        runs.add(threads.submit(() -> acked.put(doc, submitAll(via, doc, underway, unavailable))));
      }
      assertThat(underway.await(30, TimeUnit.SECONDS)).isTrue();
      cluster.close(2);
      for (Future<?> run : runs) {
        run.get(60, TimeUnit.SECONDS);
      }
    } finally {
      threads.shutdownNow();
    }

    cluster.awaitMembers(2);
    for (String doc : leaving) {
      assertThat(cluster.ownerOf(doc).index()).isIn(0, 1);
    }
    for (String doc : docs) {
      List<StoredOp> ops = cluster.engines().store().ops(doc, 0, Long.MAX_VALUE).await();
      assertThat(ops).as("ops of %s", doc).hasSize(1 + OPS_PER_DOC);
      for (int v = 0; v < ops.size(); v++) {
        assertThat(ops.get(v).v()).isEqualTo(v + 1);
      }
      List<StoredOp> edits = ops.subList(1, ops.size());
      assertThat(edits).extracting(StoredOp::seq).as("each seq once, in order")
          .containsExactlyElementsOf(seqs());
      for (StoredOp op : edits) {
        assertThat(acked.get(doc).get(op.seq())).as("ack of %s/%d", doc, op.seq()).isEqualTo(op.v());
      }
    }
    System.out.printf("hand-over: %d submissions failed with unavailable and were retried%n", unavailable.get());
  }

  /** Submits the document's ops one by one over the bus, retrying a temporary failure with the same seq. */
  private static Map<Long, Long> submitAll(Node via, String doc, CountDownLatch underway, AtomicInteger unavailable) {
    Map<Long, Long> versions = new ConcurrentHashMap<>();
    String src = "h-" + doc.replace('/', '-');
    long base = 1;
    for (long seq = 1; seq <= OPS_PER_DOC; seq++) {
      JsonObject body = new JsonObject().put("doc", doc).put("v", base).put("src", src).put("seq", seq)
          .put("op", new JsonArray().add(seq + " "));
      Long committed = null;
      for (int attempt = 0; committed == null; attempt++) {
        assertThat(attempt).as("attempts for %s/%d", doc, seq).isLessThan(50);
        try {
          committed = via.vertx().eventBus().<JsonObject>request(Addresses.SYNC_SUBMIT, body, REQUEST).await()
              .body().getLong("v");
        } catch (ReplyException e) {
          boolean temporary = e.failureCode() == 503 || e.failureType() != ReplyFailure.RECIPIENT_FAILURE;
          assertThat(temporary).as("%s/%d failed: %s", doc, seq, e).isTrue();
          unavailable.incrementAndGet();
          pause(50);
        }
      }
      versions.put(seq, committed);
      base = committed;
      if (seq == 5) {
        underway.countDown();
      }
      pause(15);
    }
    return versions;
  }

  private List<String> docsOwnedBy(int index, int count) {
    List<String> docs = new ArrayList<>();
    for (int i = 0; docs.size() < count; i++) {
      String doc = "handover/" + index + "-" + i;
      if (cluster.ownerOf(doc).index() == index) {
        docs.add(doc);
      }
    }
    return docs;
  }

  private static List<Long> seqs() {
    List<Long> out = new ArrayList<>();
    for (long s = 1; s <= OPS_PER_DOC; s++) {
      out.add(s);
    }
    return out;
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
