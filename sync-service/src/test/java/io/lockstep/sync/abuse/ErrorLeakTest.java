package io.lockstep.sync.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.common.bus.Addresses;
import io.lockstep.common.config.LockstepConfig;
import io.lockstep.common.testing.HttpTestClient;
import io.lockstep.common.testing.SecretProbes;
import io.lockstep.common.testing.TestTokens;
import io.lockstep.sync.testing.RawWebSocket;
import io.lockstep.sync.testing.SyncTestServer;
import io.lockstep.sync.testing.TestLimits;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 13 item 2, the attack as it was seen: a token that may only write {@code hr/*} submits
 * generated ops that do not apply, against version 1 and against version 2 (after another writer
 * deleted secret text), over /sync, HTTP and the event bus, and reads the error it gets back. No
 * error may carry any part of the documents' secret.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ErrorLeakTest {
  private static final int PROBES_PER_TYPE = 150;

  private static Vertx vertx;
  private static TestTokens tokens;
  private static SyncTestServer server;
  private static HttpTestClient http;
  private static String writer;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    tokens = TestTokens.hs256(vertx);
    // Unthrottled: the probes are many refused ops in a row, which the error budget would cut short.
    server = SyncTestServer.start(LockstepConfig.defaults().withAuth(tokens.authConfig())
        .withLimits(TestLimits.defaults().unthrottled().build()));
    http = new HttpTestClient(server.port());
    writer = tokens.token("mallory", TestTokens.rights().write("hr/*"));
    try (RawWebSocket owner = RawWebSocket.connect(server.port())) {
      assertThat(owner.request(new JsonObject().put("t", "hello").put("src", "owner-1")
          .put("token", tokens.allRights("owner"))).getString("t")).isEqualTo("welcome");
      create(owner, "hr/json", "json0", new JsonObject(SecretProbes.json0Data()), new JsonArray(SecretProbes.json0FirstEdit()));
      create(owner, "hr/text", "text-unicode", SecretProbes.textData(), new JsonArray(SecretProbes.textFirstEdit()));
    }
  }

  private static void create(RawWebSocket owner, String doc, String type, Object data, JsonArray firstEdit) {
    assertThat(owner.request(new JsonObject().put("t", "create").put("doc", doc).put("type", type).put("data", data))
        .getString("t")).isEqualTo("ack");
    assertThat(owner.request(new JsonObject().put("t", "op").put("doc", doc).put("v", 1).put("seq", seqFor(doc))
        .put("op", firstEdit)).getString("t")).isEqualTo("ack");
  }

  private static long seqFor(String doc) {
    return doc.endsWith("json") ? 1 : 2;
  }

  @AfterAll
  static void stop() {
    server.close();
    vertx.close().await();
  }

  @Test
  void syncErrFramesCarryNoDocumentContent() {
    try (RawWebSocket client = RawWebSocket.connect(server.port())) {
      assertThat(client.request(new JsonObject().put("t", "hello").put("src", "mallory-ws").put("token", writer))
          .getString("t")).isEqualTo("welcome");
      long[] seq = {0};
      int refused = forEachProbe((doc, v, op) -> {
        JsonObject reply = client.request(new JsonObject().put("t", "op").put("doc", doc).put("v", v)
            .put("seq", ++seq[0]).put("op", op));
        assertNoLeak(reply.encode());
        return "invalid_op".equals(reply.getString("code"));
      });
      assertThat(refused).isGreaterThan(PROBES_PER_TYPE * 2 * 9 / 10);
    }
  }

  @Test
  void httpErrorBodiesCarryNoDocumentContent() {
    int refused = forEachProbe((doc, v, op) -> {
      HttpTestClient.Response response = http.send("POST", "/docs/" + doc.replace("/", "%2F") + "/ops",
          new JsonObject().put("v", v).put("op", op).encode(), writer);
      assertNoLeak(response.body());
      return response.status() >= 400 && "invalid_op".equals(response.json().getString("code"));
    });
    assertThat(refused).isGreaterThan(PROBES_PER_TYPE * 2 * 9 / 10);
  }

  @Test
  void eventBusFailuresCarryNoDocumentContent() {
    int refused = forEachProbe((doc, v, op) -> {
      try {
        server.vertx().eventBus().request(Addresses.SYNC_SUBMIT, new JsonObject().put("doc", doc).put("v", v)
            .put("op", op)).await();
        return false;
      } catch (ReplyException e) {
        assertNoLeak(e.getMessage());
        return true;
      }
    });
    assertThat(refused).isGreaterThan(PROBES_PER_TYPE * 2 * 9 / 10);
  }

  private interface Probe {
    /** Submits {@code op} against version {@code v}; true when it was refused. */
    boolean submit(String doc, long v, JsonArray op);
  }

  /** Every generated probe of both types, each against version 1 or 2; the number refused. */
  private static int forEachProbe(Probe probe) {
    int refused = 0;
    List<List<Object>> json0 = SecretProbes.invalidJson0Ops(7, PROBES_PER_TYPE);
    List<List<Object>> text = SecretProbes.invalidTextOps(7, PROBES_PER_TYPE);
    for (int i = 0; i < PROBES_PER_TYPE; i++) {
      long v = 1 + i % 2;
      refused += probe.submit("hr/json", v, new JsonArray(json0.get(i))) ? 1 : 0;
      refused += probe.submit("hr/text", v, new JsonArray(text.get(i))) ? 1 : 0;
    }
    return refused;
  }

  private static void assertNoLeak(String reply) {
    assertThat(SecretProbes.leakIn(reply)).as("reply %s", reply).isNull();
  }
}
