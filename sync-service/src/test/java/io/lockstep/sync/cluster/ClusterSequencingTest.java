package io.lockstep.sync.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.common.bus.Addresses;
import io.lockstep.common.engine.ops.StoredOp;
import io.lockstep.sync.testing.ClusteredTestNodes.Node;
import io.lockstep.sync.testing.ClusteredTestNodes;
import io.lockstep.sync.testing.WsTestClient;
import io.vertx.core.Future;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Three clustered nodes in one JVM (Hazelcast over loopback) sharing one store: each document is
 * sequenced by its owner whichever node takes the op, everyone sees the same ops, and the public
 * event-bus API works from any node. Membership is steady here, so nothing may be retried.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterSequencingTest {
  private static final List<String> COUNTERS = List.of("lockstep_sync_ops_committed", "lockstep_sync_forwards",
      "lockstep_sync_forward_retries", "lockstep_sync_forward_fallbacks", "lockstep_sync_commit_retries");

  private ClusteredTestNodes cluster;
  private ExecutorService threads;
  private List<Map<String, Double>> before;

  @BeforeAll
  void startCluster() {
    cluster = ClusteredTestNodes.start(3);
    threads = Executors.newFixedThreadPool(3);
  }

  @AfterAll
  void stopCluster() {
    threads.shutdownNow();
    cluster.close();
  }

  @BeforeEach
  void countBefore() {
    before = cluster.live().stream().map(ClusterSequencingTest::counters).toList();
  }

  @AfterEach
  void steadyStateNeverRetries() {
    for (Node node : cluster.live()) {
      assertThat(delta(node, "lockstep_sync_forward_retries")).as("forward retries on node %d", node.index()).isZero();
      assertThat(delta(node, "lockstep_sync_forward_fallbacks")).as("fallbacks on node %d", node.index()).isZero();
      assertThat(delta(node, "lockstep_sync_commit_retries")).as("commit retries on node %d", node.index()).isZero();
    }
  }

  @Test
  void opsSubmittedOnAnyNodeAreSequencedByTheDocumentsOwner() throws Exception {
    String doc = docOwnedBy(1, "owned/");
    create(cluster.node(0), doc);
    Map<String, Long> acked = submitFromEveryNode(doc, 5);

    assertThat(acked).hasSize(15);
    assertThat(acked.values()).containsExactlyInAnyOrderElementsOf(range(2, 16));
    // A creation is an op too: the owner committed it and the 15 edits.
    assertThat(delta(cluster.node(1), "lockstep_sync_ops_committed")).isEqualTo(16);
    assertThat(delta(cluster.node(0), "lockstep_sync_ops_committed")).isZero();
    assertThat(delta(cluster.node(2), "lockstep_sync_ops_committed")).isZero();
    // Node 0 forwarded its creation and its five ops, node 2 its five ops; the owner forwarded nothing.
    assertThat(delta(cluster.node(0), "lockstep_sync_forwards")).isEqualTo(6);
    assertThat(delta(cluster.node(2), "lockstep_sync_forwards")).isEqualTo(5);
    assertThat(delta(cluster.node(1), "lockstep_sync_forwards")).isZero();
    assertThat(cluster.engines().store().version(doc).await()).isEqualTo(16);
  }

  @Test
  void everySubscriberOnEveryNodeSeesTheSameOpsInOrder() throws Exception {
    String doc = docOwnedBy(2, "order/");
    create(cluster.node(0), doc);
    List<WsTestClient> subscribers = new ArrayList<>();
    try {
      for (Node node : cluster.live()) {
        WsTestClient subscriber = WsTestClient.connect(node.port());
        subscribers.add(subscriber);
        assertThat(subscriber.request(new JsonObject().put("t", "sub").put("doc", doc)).getLong("v")).isEqualTo(1);
      }
      submitFromEveryNode(doc, 5);

      List<String> stored = cluster.engines().store().ops(doc, 1, Long.MAX_VALUE).await().stream()
          .map(op -> op.v() + ":" + op.src() + "/" + op.seq()).toList();
      assertThat(stored).hasSize(15);
      for (WsTestClient subscriber : subscribers) {
        List<String> seen = new ArrayList<>();
        while (seen.size() < 15) {
          JsonObject frame = subscriber.next();
          assertThat(frame.getString("t")).isEqualTo("op");
          seen.add(frame.getLong("v") + ":" + frame.getString("src") + "/" + frame.getLong("seq"));
        }
        assertThat(seen).isEqualTo(stored);
      }
    } finally {
      subscribers.forEach(WsTestClient::close);
    }
  }

  @Test
  void committedOpsArePublishedOnceEachToConsumersOnEveryNode() throws Exception {
    String doc = docOwnedBy(1, "published/");
    List<Queue<JsonObject>> received = List.of(new ConcurrentLinkedQueue<>(), new ConcurrentLinkedQueue<>());
    List<MessageConsumer<JsonObject>> consumers = List.of(
        consume(cluster.node(0), doc, received.get(0)), consume(cluster.node(2), doc, received.get(1)));
    try {
      awaitConsumersReachedFrom(cluster.node(1), received);
      create(cluster.node(2), doc);
      submitFromEveryNode(doc, 4);

      for (Queue<JsonObject> frames : received) {
        awaitSize(frames, 13);
        Thread.sleep(300); // a duplicate would arrive by now
        List<JsonObject> ops = frames.stream().filter(f -> doc.equals(f.getString("doc"))).toList();
        assertThat(ops.stream().map(f -> f.getLong("v")).toList()).containsExactlyInAnyOrderElementsOf(range(1, 13));
        JsonObject creation = ops.stream().filter(f -> f.getLong("v") == 1).findFirst().orElseThrow();
        assertThat(creation.getString("t")).isEqualTo("op");
        assertThat(creation.getJsonObject("create").getString("type")).isEqualTo("text-unicode");
        JsonObject edit = ops.stream().filter(f -> f.getLong("v") == 2).findFirst().orElseThrow();
        assertThat(edit.fieldNames()).contains("t", "doc", "v", "src", "seq", "op", "ts");
      }
    } finally {
      consumers.forEach(MessageConsumer::unregister);
    }
  }

  @Test
  void submitAndSnapshotOverTheBusWorkFromANonOwnerNode() {
    String doc = docOwnedBy(0, "bus/");
    Node from = cluster.node(2);
    create(from, doc);
    JsonObject op = new JsonObject().put("doc", doc).put("v", 1).put("op", new JsonArray().add("hey "))
        .put("src", "bus-client").put("seq", 1);

    assertThat(request(from, Addresses.SYNC_SUBMIT, op)).isEqualTo(new JsonObject().put("v", 2));
    assertThat(request(from, Addresses.SYNC_SUBMIT, op)).as("a resubmission keeps its version")
        .isEqualTo(new JsonObject().put("v", 2));
    assertThat(request(from, Addresses.SYNC_SNAPSHOT, new JsonObject().put("doc", doc))).isEqualTo(new JsonObject()
        .put("doc", doc).put("v", 2).put("type", "text-unicode").put("data", "hey "));
    assertThat(delta(cluster.node(0), "lockstep_sync_ops_committed")).as("the creation and the op").isEqualTo(2);

    assertThat(failureCode(from, Addresses.SYNC_SUBMIT, op.copy().put("doc", "bus/missing").put("seq", 2))).isEqualTo(404);
    assertThat(failureCode(from, Addresses.SYNC_SUBMIT, op.copy().put("v", 9).put("seq", 3))).isEqualTo(412);
    assertThat(failureCode(from, Addresses.SYNC_SUBMIT,
        op.copy().put("op", new JsonArray().add(50).add("x")).put("seq", 4))).isEqualTo(422);
    assertThat(failureCode(from, Addresses.SYNC_SNAPSHOT, new JsonObject())).isEqualTo(400);
  }

  // ---------------------------------------------------------------------------------------------

  private String docOwnedBy(int index, String prefix) {
    for (int i = 0; ; i++) {
      String doc = prefix + i;
      if (cluster.ownerOf(doc).index() == index) {
        return doc;
      }
    }
  }

  private static void create(Node node, String doc) {
    try (WsTestClient client = WsTestClient.connect(node.port())) {
      JsonObject ack = client.request(new JsonObject().put("t", "create").put("doc", doc)
          .put("type", "text-unicode").put("data", ""));
      assertThat(ack.getString("t")).as("create %s: %s", doc, ack).isEqualTo("ack");
    }
  }

  /** One client per node submits {@code perNode} ops in turn, all nodes at once; returns each ack's version by src/seq. */
  private Map<String, Long> submitFromEveryNode(String doc, int perNode) throws Exception {
    List<java.util.concurrent.Future<Map<String, Long>>> runs = new ArrayList<>();
    for (Node node : cluster.live()) {
      runs.add(threads.submit(() -> submitFrom(node, doc, perNode)));
    }
    Map<String, Long> acked = new java.util.HashMap<>();
    for (java.util.concurrent.Future<Map<String, Long>> run : runs) {
      acked.putAll(run.get(30, TimeUnit.SECONDS));
    }
    return acked;
  }

  private static Map<String, Long> submitFrom(Node node, String doc, int count) {
    String src = "w" + node.index() + "-" + doc.replace('/', '-');
    Map<String, Long> acked = new java.util.HashMap<>();
    try (WsTestClient client = WsTestClient.connect(node.port())) {
      client.request(new JsonObject().put("t", "hello").put("src", src));
      long base = 1;
      for (int seq = 1; seq <= count; seq++) {
        JsonObject ack = client.request(new JsonObject().put("t", "op").put("doc", doc).put("v", base).put("seq", seq)
            .put("op", new JsonArray().add(node.index() + "." + seq + " ")));
        assertThat(ack.getString("t")).as("op %s/%d: %s", src, seq, ack).isEqualTo("ack");
        base = ack.getLong("v");
        acked.put(src + "/" + seq, base);
      }
    }
    return acked;
  }

  private static MessageConsumer<JsonObject> consume(Node node, String doc, Queue<JsonObject> into) {
    MessageConsumer<JsonObject> consumer = node.vertx().eventBus().consumer(Addresses.SYNC_COMMITTED, message -> {
      if (doc.equals(message.body().getString("doc")) || "probe".equals(message.body().getString("t"))) {
        into.add(message.body());
      }
    });
    consumer.completion().await();
    return consumer;
  }

  /** Publishes probes from {@code node} until every queue got one (registrations reach the other nodes asynchronously), then empties them. */
  private static void awaitConsumersReachedFrom(Node node, List<Queue<JsonObject>> queues) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    while (queues.stream().anyMatch(Queue::isEmpty)) {
      assertThat(System.currentTimeMillis()).as("consumers reachable").isLessThan(deadline);
      node.vertx().eventBus().publish(Addresses.SYNC_COMMITTED, new JsonObject().put("t", "probe"));
      Thread.sleep(50);
    }
    Thread.sleep(100);
    queues.forEach(Queue::clear);
  }

  private static void awaitSize(Queue<JsonObject> queue, int size) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    while (queue.size() < size && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
  }

  private static JsonObject request(Node node, String address, JsonObject body) {
    return node.vertx().eventBus().<JsonObject>request(address, body).await().body();
  }

  private static int failureCode(Node node, String address, JsonObject body) {
    Future<?> reply = node.vertx().eventBus().request(address, body);
    try {
      reply.await();
    } catch (ReplyException e) {
      return e.failureCode();
    }
    throw new AssertionError("expected a failure, got " + reply.result());
  }

  private static Map<String, Double> counters(Node node) {
    return COUNTERS.stream().collect(Collectors.toMap(name -> name, node::count));
  }

  private double delta(Node node, String counter) {
    return node.count(counter) - before.get(node.index()).get(counter);
  }

  private static List<Long> range(long from, long to) {
    List<Long> out = new ArrayList<>();
    for (long v = from; v <= to; v++) {
      out.add(v);
    }
    return out;
  }

  @SuppressWarnings("unused")
  private static List<String> describe(List<StoredOp> ops) {
    return ops.stream().map(op -> op.v() + ":" + op.src()).toList();
  }
}
