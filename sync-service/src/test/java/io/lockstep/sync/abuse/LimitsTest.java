package io.lockstep.sync.abuse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.lockstep.common.config.LockstepConfig;
import io.lockstep.sync.testing.RawWebSocket;
import io.lockstep.sync.testing.SyncTestServer;
import io.lockstep.sync.testing.TestLimits;
import io.netty.buffer.PooledByteBufAllocator;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The limits of docs/protocol.md ("Limits"), each set small so that reaching it is quick: frame size,
 * op components, document size, op rate, subscriptions, the {@code Origin} allow-list, and the
 * outbound buffer of a client that stops reading.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LimitsTest {
  private static final int MAX_FRAME = 8 * 1024;
  private static final int MAX_COMPONENTS = 10;
  private static final int MAX_DOC = 4 * 1024;
  private static final int OPS_PER_SECOND = 5;
  private static final int OPS_BURST = 10;
  private static final int MAX_SUBSCRIPTIONS = 3;

  private static SyncTestServer server;

  @BeforeAll
  static void start() {
    server = SyncTestServer.start(LockstepConfig.defaults().withLimits(TestLimits.defaults()
        .maxFrameBytes(MAX_FRAME).maxOpComponents(MAX_COMPONENTS).maxDocBytes(MAX_DOC)
        .opsPerSecond(OPS_PER_SECOND).opsBurst(OPS_BURST).maxSubscriptions(MAX_SUBSCRIPTIONS).build()));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aFrameOverTheSizeLimitIsTooLargeAndTheConnectionKeepsWorking() {
    try (RawWebSocket client = connect("big-frames")) {
      create(client, "limits/frame", "text-unicode", "abc");
      client.sendJson(new JsonObject().put("t", "ping").put("id", 1).put("pad", "p".repeat(MAX_FRAME)));
      JsonObject err = client.next();
      assertThat(err.getString("code")).isEqualTo("too_large");
      assertThat(err.containsKey("re")).as("an oversized frame is not read, so it has no id to echo").isFalse();

      // Multi-byte characters count as the bytes they take.
      client.sendJson(op("limits/frame", 1, 1, new JsonArray().add("😀".repeat(MAX_FRAME / 4 + 1))));
      assertThat(client.next().getString("code")).isEqualTo("too_large");

      assertThat(client.request(new JsonObject().put("t", "ping")).getString("t")).isEqualTo("pong");
      JsonObject snapshot = client.request(sub("limits/frame"));
      assertThat(snapshot.getLong("v")).isEqualTo(1);
      assertThat(snapshot.getString("data")).isEqualTo("abc");
    }
  }

  @Test
  void anOpWithMoreComponentsThanTheLimitIsTooLarge() {
    try (RawWebSocket client = connect("many-components")) {
      create(client, "limits/components", "text-unicode", "");
      JsonArray tooMany = new JsonArray();
      for (int i = 0; i <= MAX_COMPONENTS; i++) {
        tooMany.add(i % 2 == 0 ? "a" : new JsonObject().put("d", "a")).add("b");
      }
      JsonObject refused = client.request(op("limits/components", 1, 1, tooMany));
      assertThat(refused.getString("code")).isEqualTo("too_large");

      JsonArray atTheLimit = new JsonArray();
      for (int i = 0; i < MAX_COMPONENTS; i++) {
        atTheLimit.add(String.valueOf(i));
      }
      assertThat(client.request(op("limits/components", 1, 2, atTheLimit)).getLong("v")).isEqualTo(2);
      assertThat(client.request(sub("limits/components")).getString("data")).isEqualTo("0123456789");
    }
  }

  @Test
  void anOpThatWouldGrowTheDocumentPastItsLimitIsTooLargeAndChangesNothing() {
    try (RawWebSocket client = connect("growing")) {
      create(client, "limits/doc", "text-unicode", "");
      String first = "a".repeat(MAX_DOC - 1_000);
      assertThat(client.request(op("limits/doc", 1, 1, new JsonArray().add(first))).getLong("v")).isEqualTo(2);

      JsonObject refused = client.request(op("limits/doc", 2, 2, new JsonArray().add("b".repeat(1_500))));
      assertThat(refused.getString("code")).isEqualTo("too_large");
      JsonObject snapshot = client.request(sub("limits/doc"));
      assertThat(snapshot.getLong("v")).isEqualTo(2);
      assertThat(snapshot.getString("data")).isEqualTo(first);

      // Shrinking still works, and then growing within the limit again.
      assertThat(client.request(op("limits/doc", 2, 4, new JsonArray().add(new JsonObject().put("d", 2_000)))).getLong("v"))
          .isEqualTo(3);
      assertThat(client.request(op("limits/doc", 3, 5, new JsonArray().add("b".repeat(1_500)))).getLong("v")).isEqualTo(4);

      JsonObject bigCreate = client.request(new JsonObject().put("t", "create").put("doc", "limits/doc-big")
          .put("type", "json0").put("data", new JsonObject().put("text", "c".repeat(MAX_DOC))));
      assertThat(bigCreate.getString("code")).isEqualTo("too_large");
      assertThat(client.request(sub("limits/doc-big")).getLong("v")).isZero();
    }
  }

  @Test
  void multiByteTextCannotGrowADocumentPastItsLimitEither() {
    try (RawWebSocket client = connect("growing-utf8")) {
      create(client, "limits/doc-utf8", "text-unicode", "");
      String euros = "€".repeat(1_000);
      assertThat(client.request(op("limits/doc-utf8", 1, 1, new JsonArray().add(euros))).getLong("v")).isEqualTo(2);
      // 2,000 euro signs are 6,000 bytes of UTF-8, over the 4 KiB limit.
      JsonObject second = client.request(op("limits/doc-utf8", 2, 2, new JsonArray().add(euros)));
      assertThat(second.getString("code")).as("%s", second.encode()).isEqualTo("too_large");
      JsonObject snapshot = client.request(sub("limits/doc-utf8"));
      assertThat(snapshot.getString("data").getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(MAX_DOC);
    }
  }

  @Test
  void opsFasterThanTheRateLimitAreRefusedWithRateLimitedUntilTheClientSlowsDown() {
    try (RawWebSocket client = connect("hasty")) {
      long start = System.nanoTime();
      create(client, "limits/rate", "text-unicode", "");
      int sent = 3 * OPS_BURST;
      for (int i = 0; i < sent; i++) {
        client.sendJson(op("limits/rate", 1, 1 + i, new JsonArray().add("x")).put("id", i));
      }
      // Refusals are immediate and acks come from the sequencer, so replies need not be in order.
      Map<Long, JsonObject> replies = new TreeMap<>();
      for (int i = 0; i < sent; i++) {
        JsonObject reply = client.next();
        replies.put(reply.getLong("re"), reply);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      assertThat(replies).hasSize(sent);
      int acked = 0;
      int limited = 0;
      for (JsonObject reply : replies.values()) {
        if ("ack".equals(reply.getString("t"))) {
          acked++;
        } else {
          assertThat(reply.getString("code")).as("%s", reply.encode()).isEqualTo("rate_limited");
          limited++;
        }
      }
      assertThat(limited).as("ops refused").isPositive();
      assertThat(acked).as("ops accepted: the burst, less the create, plus what refilled in %.2f s", seconds)
          .isBetween(OPS_BURST - 1, OPS_BURST + (int) Math.ceil(seconds * OPS_PER_SECOND));
      JsonObject snapshot = client.request(sub("limits/rate"));
      assertThat(snapshot.getLong("v")).isEqualTo(1 + acked);
      assertThat(snapshot.getString("data")).hasSize(acked);

      // rate_limited is temporary: the same op, a little later, goes through.
      long deadline = System.currentTimeMillis() + 5_000;
      JsonObject retry = client.request(op("limits/rate", 1 + acked, 1_000, new JsonArray().add("y")));
      while (!"ack".equals(retry.getString("t")) && System.currentTimeMillis() < deadline) {
        assertThat(retry.getString("code")).isEqualTo("rate_limited");
        assertThat(client.next(1_000 / OPS_PER_SECOND)).isNull();
        retry = client.request(op("limits/rate", 1 + acked, 1_000, new JsonArray().add("y")));
      }
      assertThat(retry.getString("t")).as("%s", retry.encode()).isEqualTo("ack");
    }
  }

  @Test
  void moreOpenDocumentsThanTheSubscriptionLimitIsTooLarge() {
    try (RawWebSocket client = connect("subscriber")) {
      for (int i = 0; i < MAX_SUBSCRIPTIONS; i++) {
        assertThat(client.request(sub("limits/sub-" + i)).getString("t")).isEqualTo("snapshot");
      }
      JsonObject refused = client.request(sub("limits/sub-extra"));
      assertThat(refused.getString("code")).isEqualTo("too_large");
      assertThat(client.request(sub("limits/sub-0")).getString("t"))
          .as("subscribing again to an open document is not one more").isEqualTo("snapshot");
      assertThat(client.request(new JsonObject().put("t", "unsub").put("doc", "limits/sub-1")).getString("t"))
          .isEqualTo("unsubbed");
      assertThat(client.request(sub("limits/sub-extra")).getString("t")).isEqualTo("snapshot");
      assertThat(client.request(sub("limits/sub-more")).getString("code")).isEqualTo("too_large");
    }
  }

  @Test
  void anUpgradeFromAnOriginOutsideTheAllowListIsRefusedWith403() {
    LockstepConfig config = LockstepConfig.defaults().withAllowedOrigins(List.of("https://app.example"));
    Vertx vertx = Vertx.vertx();
    try (SyncTestServer guarded = SyncTestServer.start(config)) {
      Throwable refused = catchThrowable(() -> vertx.createWebSocketClient().connect(new WebSocketConnectOptions()
          .setHost("127.0.0.1").setPort(guarded.port()).setURI("/sync").addSubProtocol("lockstep.v1")
          .addHeader("Origin", "https://evil.example")).await());
      assertThat(refused).isInstanceOf(UpgradeRejectedException.class);
      assertThat(((UpgradeRejectedException) refused).getStatus()).isEqualTo(403);

      try (RawWebSocket raw = RawWebSocket.connect(guarded.port(), Map.of("Origin", "https://app.example.evil.example"), 0)) {
        assertThat(raw.status()).isEqualTo(403);
        assertThat(new JsonObject(raw.body()).getString("code")).isEqualTo("forbidden");
      }
      try (RawWebSocket allowed = RawWebSocket.connect(guarded.port(), Map.of("Origin", "https://app.example"), 0)) {
        assertThat(allowed.status()).isEqualTo(101);
        allowed.sendJson(new JsonObject().put("t", "ping").put("id", 5));
        assertThat(allowed.next().getString("t")).isEqualTo("pong");
      }
    } finally {
      vertx.close().await();
    }
  }

  /**
   * A subscriber that stops reading while a writer floods its document with large ops: the server
   * must drop it (1008) once its outbound buffer is full, rather than buffer without end, and keep
   * serving everyone else promptly meanwhile. The slow client is a raw socket with a 4 KiB receive
   * buffer that simply does not read until the flood is over.
   */
  @Test
  void aSubscriberThatStopsReadingIsDisconnectedAndTheServerKeepsServingOthers() {
    int maxOutbound = 256 * 1024;
    int opCount = 200;
    int opChars = 200_000;
    LockstepConfig config = LockstepConfig.defaults().withLimits(TestLimits.defaults().unthrottled()
        .maxOutboundBytes(maxOutbound).maxDocBytes(1 << 20).retainOps(10).snapshotEvery(10).build());
    try (SyncTestServer flooded = SyncTestServer.start(config);
         RawWebSocket writer = RawWebSocket.connect(flooded.port());
         RawWebSocket bystander = RawWebSocket.connect(flooded.port());
         RawWebSocket slow = RawWebSocket.connect(flooded.port(), Map.of(), 4096)) {
      writer.request(new JsonObject().put("t", "hello").put("src", "flooder"));
      assertThat(writer.request(new JsonObject().put("t", "create").put("doc", "flood/1").put("type", "json0")
          .put("data", new JsonObject().put("k", ""))).getString("t")).isEqualTo("ack");
      assertThat(slow.request(sub("flood/1")).getString("t")).isEqualTo("snapshot");
      assertThat(bystander.request(sub("flood/1")).getString("t")).isEqualTo("snapshot");

      // Memory is measured from when the retained history (10 ops) and the slow client's buffers are
      // full, so what grows after that is what the server would queue for the slow client.
      int warmUp = 20;
      long memoryBefore = 0;
      long slowestPingMs = 0;
      String big = "x".repeat(opChars);
      for (int i = 0; i < opCount; i++) {
        if (i == warmUp) {
          memoryBefore = usedMemory();
        }
        JsonArray replace = new JsonArray().add(new JsonObject().put("p", new JsonArray().add("k"))
            .put("od", "").put("oi", big + i));
        JsonObject ack = writer.request(new JsonObject().put("t", "op").put("doc", "flood/1").put("v", 1 + i)
            .put("seq", 1 + i).put("op", replace));
        assertThat(ack.getLong("v")).isEqualTo(2 + i);
        assertThat(bystander.next().getLong("v")).isEqualTo(2 + i);
        if (i % 10 == 0) {
          long start = System.nanoTime();
          bystander.request(new JsonObject().put("t", "ping"));
          slowestPingMs = Math.max(slowestPingMs, (System.nanoTime() - start) / 1_000_000);
        }
      }
      long memoryGrowth = usedMemory() - memoryBefore;
      long flood = (long) (opCount - warmUp) * opChars;

      int delivered = 0;
      while (slow.next(10_000) != null) {
        delivered++;
      }
      System.out.printf("slow consumer: %d of %d ops delivered before close %s; memory growth %d KiB for a %d KiB flood;"
          + " slowest ping %d ms%n", delivered, opCount, slow.closeCode(), memoryGrowth / 1024, flood / 1024, slowestPingMs);
      assertThat(slow.closeCode()).isEqualTo(1008);
      assertThat(delivered).isLessThan(opCount / 2);
      assertThat(slowestPingMs).as("ping round trip of a bystander during the flood").isLessThan(1_000);
      assertThat(memoryGrowth).as("heap and direct memory growth during the flood").isLessThan(flood / 4);
      assertThat(bystander.request(new JsonObject().put("t", "ping")).getString("t")).isEqualTo("pong");
    }
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static RawWebSocket connect(String src) {
    RawWebSocket client = RawWebSocket.connect(server.port());
    assertThat(client.request(new JsonObject().put("t", "hello").put("src", src)).getString("t")).isEqualTo("welcome");
    return client;
  }

  private static void create(RawWebSocket client, String doc, String type, Object data) {
    JsonObject ack = client.request(new JsonObject().put("t", "create").put("doc", doc).put("type", type).put("data", data));
    assertThat(ack.getString("t")).as("%s", ack.encode()).isEqualTo("ack");
  }

  private static JsonObject sub(String doc) {
    return new JsonObject().put("t", "sub").put("doc", doc);
  }

  private static JsonObject op(String doc, long v, long seq, JsonArray op) {
    return new JsonObject().put("t", "op").put("doc", doc).put("v", v).put("seq", seq).put("op", op);
  }

  /** Heap in use after a collection, plus direct buffers (the JDK's and Netty's pools). */
  private static long usedMemory() {
    System.gc();
    Runtime rt = Runtime.getRuntime();
    long heap = rt.totalMemory() - rt.freeMemory();
    long direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
        .filter(pool -> pool.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
    long netty = PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory();
    return heap + direct + netty;
  }
}
