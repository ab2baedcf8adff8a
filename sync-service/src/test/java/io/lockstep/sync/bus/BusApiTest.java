package io.lockstep.sync.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.common.bus.Addresses;
import io.lockstep.sync.testing.SyncTestServer;
import io.lockstep.sync.testing.WsTestClient;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The public event-bus API of docs/event-bus.md on one node (the local event bus, no cluster). */
class BusApiTest {
  private static SyncTestServer server;
  private static EventBus bus;

  @BeforeAll
  static void startServer() {
    server = SyncTestServer.start();
    bus = server.vertx().eventBus();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  private static void create(String doc, String data) {
    try (WsTestClient client = WsTestClient.connect(server.port())) {
      assertThat(client.request(new JsonObject().put("t", "create").put("doc", doc).put("type", "text-unicode")
          .put("data", data)).getString("t")).isEqualTo("ack");
    }
  }

  private static JsonObject request(String address, Object body) {
    return bus.<JsonObject>request(address, body).await().body();
  }

  private static int failureCode(String address, Object body) {
    try {
      bus.request(address, body).await();
    } catch (ReplyException e) {
      return e.failureCode();
    }
    throw new AssertionError("expected " + address + " to fail for " + body);
  }

  private static JsonObject op(String doc, long v, Object op) {
    return new JsonObject().put("doc", doc).put("v", v).put("op", op);
  }

  @Test
  void submitCommitsAServerSideEditAndRepliesWithItsVersion() {
    create("bus/submit", "abc");
    assertThat(request(Addresses.SYNC_SUBMIT, op("bus/submit", 1, new JsonArray().add(3).add("!"))))
        .isEqualTo(new JsonObject().put("v", 2));
    assertThat(request(Addresses.SYNC_SUBMIT, op("bus/submit", 1, new JsonArray().add("<"))))
        .as("made against an older version, it is transformed").isEqualTo(new JsonObject().put("v", 3));
    assertThat(request(Addresses.SYNC_SNAPSHOT, new JsonObject().put("doc", "bus/submit")).getString("data"))
        .isEqualTo("<abc!");
  }

  @Test
  void aResubmittedSrcAndSeqIsAckedWithItsOriginalVersion() {
    create("bus/resubmit", "");
    JsonObject body = op("bus/resubmit", 1, new JsonArray().add("x")).put("src", "server-job").put("seq", 1);
    assertThat(request(Addresses.SYNC_SUBMIT, body).getLong("v")).isEqualTo(2);
    assertThat(request(Addresses.SYNC_SUBMIT, body).getLong("v")).isEqualTo(2);
    assertThat(request(Addresses.SYNC_SNAPSHOT, new JsonObject().put("doc", "bus/resubmit")))
        .isEqualTo(new JsonObject().put("doc", "bus/resubmit").put("v", 2).put("type", "text-unicode").put("data", "x"));
  }

  @Test
  void snapshotOfAMissingDocumentIsVersionZeroWithoutType() {
    assertThat(request(Addresses.SYNC_SNAPSHOT, new JsonObject().put("doc", "bus/never")))
        .isEqualTo(new JsonObject().put("doc", "bus/never").put("v", 0).putNull("type").putNull("data"));
  }

  @Test
  void failuresCarryTheErrorCodeAsFailureCode() {
    create("bus/fail", "ab");
    assertThat(failureCode(Addresses.SYNC_SUBMIT, "not an object")).isEqualTo(400);
    assertThat(failureCode(Addresses.SYNC_SUBMIT, new JsonObject().put("v", 1).put("op", new JsonArray()))).isEqualTo(400);
    assertThat(failureCode(Addresses.SYNC_SUBMIT, op("bus/fail", 1, null))).isEqualTo(400);
    assertThat(failureCode(Addresses.SYNC_SUBMIT, op("bus/fail", 1, new JsonArray().add("x")).put("v", 1.5))).isEqualTo(400);
    assertThat(failureCode(Addresses.SYNC_SUBMIT, op("bad doc id!", 1, new JsonArray().add("x")))).isEqualTo(400);
    assertThat(failureCode(Addresses.SYNC_SUBMIT, op("bus/fail", 1, new JsonArray().add("x")).put("src", "s"))).isEqualTo(400);
    assertThat(failureCode(Addresses.SYNC_SUBMIT, op("bus/none", 0, new JsonArray().add("x")))).isEqualTo(404);
    assertThat(failureCode(Addresses.SYNC_SUBMIT, op("bus/fail", 7, new JsonArray().add("x")))).isEqualTo(412);
    assertThat(failureCode(Addresses.SYNC_SUBMIT, op("bus/fail", 1, new JsonArray().add(9).add("x")))).isEqualTo(422);
    JsonArray huge = new JsonArray();
    for (int i = 0; i < 2_001; i++) {
      huge.add("x");
    }
    assertThat(failureCode(Addresses.SYNC_SUBMIT, op("bus/fail", 1, huge))).isEqualTo(413);
    assertThat(failureCode(Addresses.SYNC_SNAPSHOT, new JsonObject().put("doc", 5))).isEqualTo(400);
  }

  @Test
  void eachCommittedOpIsPublishedOnceAsTheOpFrameClientsReceive() throws InterruptedException {
    Queue<JsonObject> published = new ConcurrentLinkedQueue<>();
    MessageConsumer<JsonObject> consumer = bus.consumer(Addresses.SYNC_COMMITTED, message -> {
      if ("bus/published".equals(message.body().getString("doc"))) {
        published.add(message.body());
      }
    });
    consumer.completion().await();
    try (WsTestClient watcher = WsTestClient.connect(server.port())) {
      create("bus/published", "");
      watcher.request(new JsonObject().put("t", "sub").put("doc", "bus/published"));
      JsonObject body = op("bus/published", 1, new JsonArray().add("a")).put("src", "job").put("seq", 1);
      request(Addresses.SYNC_SUBMIT, body);
      request(Addresses.SYNC_SUBMIT, body); // a resubmission commits nothing, so publishes nothing
      request(Addresses.SYNC_SUBMIT, op("bus/published", 2, new JsonArray().add("b")));
      List<JsonObject> frames = new ArrayList<>();
      frames.add(watcher.next());
      frames.add(watcher.next());

      long deadline = System.currentTimeMillis() + 5_000;
      while (published.size() < 3 && System.currentTimeMillis() < deadline) {
        Thread.sleep(10);
      }
      Thread.sleep(200);
      List<JsonObject> got = new ArrayList<>(published);
      assertThat(got).extracting(f -> f.getLong("v")).containsExactly(1L, 2L, 3L);
      assertThat(got.get(0).getJsonObject("create").getString("type")).isEqualTo("text-unicode");
      assertThat(got.subList(1, 3)).as("the same frames subscribers get").isEqualTo(frames);
    } finally {
      consumer.unregister().await();
    }
  }
}
