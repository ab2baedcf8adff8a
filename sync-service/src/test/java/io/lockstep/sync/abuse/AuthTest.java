package io.lockstep.sync.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.common.config.LockstepConfig;
import io.lockstep.common.testing.HttpTestClient.Response;
import io.lockstep.common.testing.HttpTestClient;
import io.lockstep.common.testing.TestTokens;
import io.lockstep.sync.testing.RawWebSocket;
import io.lockstep.sync.testing.SyncTestServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Authentication and rights (PROTOCOL.md §5) over both front doors: {@code hello} on /sync and
 * {@code Authorization: Bearer} / {@code ?token=} on /docs, against a server with an HS256 secret,
 * plus one with an ES256 public key.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AuthTest {
  private static Vertx vertx;
  private static TestTokens tokens;
  private static SyncTestServer server;
  private static HttpTestClient http;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    tokens = TestTokens.hs256(vertx);
    server = SyncTestServer.start(LockstepConfig.defaults().withAuth(tokens.authConfig()));
    http = new HttpTestClient(server.port());
    try (RawWebSocket admin = RawWebSocket.connect(server.port())) {
      hello(admin, tokens.allRights("admin"));
      for (String doc : new String[] {"notes/1", "other/1", "shared/1"}) {
        assertThat(create(admin, doc).getString("t")).isEqualTo("ack");
      }
    }
  }

  @AfterAll
  static void stop() {
    server.close();
    vertx.close().await();
  }

  @Test
  void everyRequestButPingBeforeHelloIsUnauthorized() {
    try (RawWebSocket client = RawWebSocket.connect(server.port())) {
      assertUnauthorized(client.request(sub("notes/1")));
      assertUnauthorized(client.request(create("notes/new")));
      assertUnauthorized(client.request(op("notes/1", 1, 1)));
      assertUnauthorized(client.request(new JsonObject().put("t", "fetch").put("doc", "notes/1").put("from", 0)));
      assertUnauthorized(client.request(new JsonObject().put("t", "unsub").put("doc", "notes/1")));
      assertThat(client.request(new JsonObject().put("t", "ping")).getString("t")).isEqualTo("pong");
    }
    assertThat(snapshotV("notes/1")).as("the refused op changed nothing").isEqualTo(1);
  }

  @Test
  void helloWithABadTokenIsRefusedAndTheConnectionTakesAGoodOneAfterwards() {
    JsonObject rights = TestTokens.rights().read("*").write("*").toJson();
    Map<String, String> bad = new LinkedHashMap<>();
    bad.put("no token", null);
    bad.put("empty token", "");
    bad.put("expired", tokens.expired("mallory", TestTokens.rights().read("*").write("*")));
    bad.put("wrong signature", TestTokens.hs256(vertx, "another-secret-of-at-least-32-bytes!!").allRights("mallory"));
    bad.put("tampered payload", tamper(tokens.token("mallory", TestTokens.rights().read("notes/1"))));
    bad.put("malformed: one part", "not-a-jwt");
    bad.put("malformed: three garbage parts", "a.b.c");
    bad.put("malformed: base64 of non-JSON", b64("nope") + "." + b64("nope") + "." + b64("nope"));
    bad.put("alg none", TestTokens.unsigned(new JsonObject().put("sub", "mallory").put("lockstep", rights)));
    bad.put("alg none, signature kept", withHeader(tokens.allRights("mallory"), "{\"alg\":\"none\",\"typ\":\"JWT\"}"));
    bad.put("other algorithm (ES256)", TestTokens.es256(vertx).allRights("mallory"));
    bad.put("no sub", tokens.sign(new JsonObject().put("lockstep", rights)));
    bad.put("rights claim not an object", tokens.sign(new JsonObject().put("sub", "mallory").put("lockstep", "all")));
    bad.put("rights list not a list", tokens.sign(new JsonObject().put("sub", "mallory")
        .put("lockstep", new JsonObject().put("read", "*"))));

    try (RawWebSocket client = RawWebSocket.connect(server.port())) {
      bad.forEach((what, token) -> {
        JsonObject hello = new JsonObject().put("t", "hello").put("src", "mallory-1");
        if (token != null) {
          hello.put("token", token);
        }
        JsonObject reply = client.request(hello);
        assertThat(reply.getString("code")).as("hello with %s: %s", what, reply.encode()).isEqualTo("unauthorized");
        assertUnauthorized(client.request(sub("notes/1")));
      });
      assertThat(hello(client, tokens.token("alice", TestTokens.rights().read("*"))).getString("t")).isEqualTo("welcome");
      assertThat(client.request(sub("notes/1")).getString("t")).isEqualTo("snapshot");
    }
  }

  @Test
  void aReadOnlyTokenSubscribesAndFetchesButCannotWrite() {
    try (RawWebSocket client = RawWebSocket.connect(server.port())) {
      hello(client, tokens.token("reader", TestTokens.rights().read("*")));
      assertThat(client.request(sub("shared/1")).getString("t")).isEqualTo("snapshot");
      assertThat(client.request(new JsonObject().put("t", "fetch").put("doc", "shared/1").put("from", 0)).getString("t"))
          .isEqualTo("ops");
      assertForbidden(client.request(op("shared/1", 1, 1)));
      assertForbidden(client.request(create("shared/new")));
    }
    assertThat(snapshotV("shared/1")).isEqualTo(1);
    assertThat(snapshotV("shared/new")).isZero();
  }

  @Test
  void writeDoesNotImplyRead() {
    try (RawWebSocket client = RawWebSocket.connect(server.port())) {
      hello(client, tokens.token("writer", TestTokens.rights().write("writeonly/*")));
      assertThat(client.request(create("writeonly/1")).getString("t")).isEqualTo("ack");
      assertForbidden(client.request(sub("writeonly/1")));
      assertForbidden(client.request(new JsonObject().put("t", "fetch").put("doc", "writeonly/1").put("from", 0)));
    }
  }

  @Test
  void aPrefixPatternGrantsTheDocumentsUnderItAndNothingElse() {
    try (RawWebSocket client = RawWebSocket.connect(server.port())) {
      hello(client, tokens.token("ada", TestTokens.rights().read("notes/*").write("notes/*", "exact/1")));
      assertThat(client.request(sub("notes/1")).getString("t")).isEqualTo("snapshot");
      assertThat(client.request(sub("notes/deep/er/1")).getString("t")).isEqualTo("snapshot");
      assertThat(client.request(create("notes/2")).getString("t")).isEqualTo("ack");
      assertThat(client.request(op("notes/2", 1, 10)).getString("t")).isEqualTo("ack");
      assertThat(client.request(create("exact/1")).getString("t")).isEqualTo("ack");

      assertForbidden(client.request(sub("other/1")));
      assertForbidden(client.request(sub("notes")));
      assertForbidden(client.request(sub("notesX/1")));
      assertForbidden(client.request(create("other/2")));
      assertForbidden(client.request(op("other/1", 1, 11)));
      assertForbidden(client.request(create("exact/10")));
      assertForbidden(client.request(sub("exact/1")));
    }
    assertThat(snapshotV("other/1")).isEqualTo(1);
    assertThat(snapshotV("other/2")).isZero();
    assertThat(snapshotV("exact/10")).isZero();
  }

  @Test
  void httpWithoutAValidBearerTokenIs401() {
    Map<String, String> bad = new LinkedHashMap<>();
    bad.put("no Authorization", null);
    bad.put("garbage", "garbage");
    bad.put("another scheme", "Basic YWxpY2U6c2VjcmV0");
    bad.put("expired", tokens.expired("mallory", TestTokens.rights().read("*")));
    bad.put("alg none", TestTokens.unsigned(new JsonObject().put("sub", "mallory")
        .put("lockstep", TestTokens.rights().read("*").toJson())));
    bad.put("wrong signature", TestTokens.hs256(vertx, "another-secret-of-at-least-32-bytes!!").allRights("mallory"));
    bad.forEach((what, bearer) -> {
      for (String[] request : new String[][] {
          {"GET", "/docs/notes%2F1", null}, {"GET", "/docs/notes%2F1/ops", null},
          {"PUT", "/docs/notes%2Fhttp", "{\"type\":\"json0\",\"data\":{}}"},
          {"POST", "/docs/notes%2F1/ops", "{\"v\":1,\"op\":[]}"}}) {
        Response response = http.send(request[0], request[1], request[2], bearer);
        assertThat(response.status()).as("%s %s with %s: %s", request[0], request[1], what, response).isEqualTo(401);
        assertThat(response.json().getString("code")).isEqualTo("unauthorized");
      }
    });
    assertThat(snapshotV("notes/http")).isZero();
    assertThat(snapshotV("notes/1")).isEqualTo(1);
  }

  @Test
  void httpWithATokenLackingTheRightIs403() {
    String reader = tokens.token("reader", TestTokens.rights().read("notes/*"));
    assertThat(http.get("/docs/notes%2F1", reader).status()).isEqualTo(200);
    Response put = http.send("PUT", "/docs/notes%2Fhttp-ro", "{\"type\":\"json0\",\"data\":{}}", reader);
    assertThat(put.status()).isEqualTo(403);
    assertThat(put.json().getString("code")).isEqualTo("forbidden");
    Response post = http.send("POST", "/docs/notes%2F1/ops", "{\"v\":1,\"op\":[]}", reader);
    assertThat(post.status()).isEqualTo(403);
    assertThat(post.json().getString("code")).isEqualTo("forbidden");
    Response other = http.get("/docs/other%2F1", reader);
    assertThat(other.status()).isEqualTo(403);
    assertThat(other.json().getString("code")).isEqualTo("forbidden");
    assertThat(http.get("/docs/other%2F1/ops?from=0", reader).status()).isEqualTo(403);
  }

  @Test
  void httpTakesTheTokenAsAQueryParameterToo() {
    String reader = tokens.token("reader", TestTokens.rights().read("notes/*"));
    Response ok = http.get("/docs/notes%2F1?token=" + reader);
    assertThat(ok.status()).as("%s", ok).isEqualTo(200);
    assertThat(ok.json().getLong("v")).isEqualTo(1);
    assertThat(http.get("/docs/notes%2F1/ops?from=0&token=" + reader).status()).isEqualTo(200);
    assertThat(http.get("/docs/other%2F1?token=" + reader).status()).isEqualTo(403);
    assertThat(http.get("/docs/notes%2F1?token=garbage").status()).isEqualTo(401);
  }

  @Test
  void aServerWithAnEs256KeyAcceptsItsTokensAndRefusesAlgorithmConfusion() {
    TestTokens es256 = TestTokens.es256(vertx);
    try (SyncTestServer ecServer = SyncTestServer.start(LockstepConfig.defaults().withAuth(es256.authConfig()));
         RawWebSocket client = RawWebSocket.connect(ecServer.port())) {
      // The classic confusion attack: an HS256 token whose HMAC key is the server's public key.
      String confused = TestTokens.hs256(vertx, es256.publicKeyPem()).allRights("mallory");
      for (String token : new String[] {confused, tokens.allRights("mallory"), TestTokens.rs256(vertx).allRights("mallory"),
          TestTokens.unsigned(new JsonObject().put("sub", "mallory"))}) {
        JsonObject reply = client.request(new JsonObject().put("t", "hello").put("token", token));
        assertThat(reply.getString("code")).as("%s", reply.encode()).isEqualTo("unauthorized");
      }
      assertThat(hello(client, es256.allRights("alice")).getString("t")).isEqualTo("welcome");
      assertThat(create(client, "ec/1").getString("t")).isEqualTo("ack");

      HttpTestClient ecHttp = new HttpTestClient(ecServer.port());
      assertThat(ecHttp.get("/docs/ec%2F1", es256.token("bob", TestTokens.rights().read("ec/*"))).status()).isEqualTo(200);
      assertThat(ecHttp.get("/docs/ec%2F1", confused).status()).isEqualTo(401);
    }
  }

  @Test
  void aSignedTokenWithAFarFutureExpiryIsAcceptedRatherThanAnInternalError() {
    JsonObject rights = TestTokens.rights().read("*").toJson();
    for (Object exp : new Object[] {Long.MAX_VALUE, 1e300}) {
      String token = tokens.sign(new JsonObject().put("sub", "forever").put("exp", exp).put("lockstep", rights));
      Response response = http.get("/docs/notes%2F1", token);
      assertThat(response.status()).as("exp %s: %s", exp, response).isEqualTo(200);
      try (RawWebSocket client = RawWebSocket.connect(server.port())) {
        assertThat(client.request(new JsonObject().put("t", "hello").put("token", token)).getString("t")).isEqualTo("welcome");
      }
    }
  }

  @Test
  void aWelcomedTokenIsAlsoAcceptedForTheRequestsAfterIt() {
    long now = System.currentTimeMillis() / 1000;
    String justExpired = tokens.sign(new JsonObject().put("sub", "late").put("exp", now - 2)
        .put("lockstep", TestTokens.rights().read("*").toJson()));
    try (RawWebSocket client = RawWebSocket.connect(server.port())) {
      JsonObject hello = client.request(new JsonObject().put("t", "hello").put("token", justExpired));
      if ("welcome".equals(hello.getString("t"))) {
        assertThat(client.request(sub("notes/1")).getString("t")).as("after a welcome").isEqualTo("snapshot");
      } else {
        assertThat(hello.getString("code")).isEqualTo("unauthorized");
        assertThat(http.get("/docs/notes%2F1", justExpired).status()).as("refused on /sync, so on /docs too").isEqualTo(401);
      }
    }
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static JsonObject hello(RawWebSocket client, String token) {
    JsonObject reply = client.request(new JsonObject().put("t", "hello").put("token", token));
    assertThat(reply.getString("t")).as("hello: %s", reply.encode()).isEqualTo("welcome");
    return reply;
  }

  private static JsonObject create(RawWebSocket client, String doc) {
    return client.request(create(doc));
  }

  private static JsonObject create(String doc) {
    return new JsonObject().put("t", "create").put("doc", doc).put("type", "json0")
        .put("data", new JsonObject().put("items", new JsonArray()));
  }

  private static JsonObject sub(String doc) {
    return new JsonObject().put("t", "sub").put("doc", doc);
  }

  private static JsonObject op(String doc, long v, long seq) {
    return new JsonObject().put("t", "op").put("doc", doc).put("v", v).put("src", "auth-test").put("seq", seq)
        .put("op", new JsonArray().add(new JsonObject().put("p", new JsonArray().add("items").add(0)).put("li", seq)));
  }

  /** The document's version, read with an all-rights token. */
  private static long snapshotV(String doc) {
    try (RawWebSocket reader = RawWebSocket.connect(server.port())) {
      reader.request(new JsonObject().put("t", "hello").put("token", tokens.allRights("checker")));
      return reader.request(sub(doc)).getLong("v");
    }
  }

  private static void assertUnauthorized(JsonObject reply) {
    assertThat(reply.getString("t")).as("%s", reply.encode()).isEqualTo("err");
    assertThat(reply.getString("code")).as("%s", reply.encode()).isEqualTo("unauthorized");
  }

  private static void assertForbidden(JsonObject reply) {
    assertThat(reply.getString("t")).as("%s", reply.encode()).isEqualTo("err");
    assertThat(reply.getString("code")).as("%s", reply.encode()).isEqualTo("forbidden");
  }

  private static String b64(String s) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  /** The token with its payload swapped for one granting everything; the signature no longer fits. */
  private static String tamper(String token) {
    String[] parts = token.split("\\.");
    String payload = new JsonObject().put("sub", "mallory")
        .put("lockstep", TestTokens.rights().read("*").write("*").toJson()).encode();
    return parts[0] + "." + b64(payload) + "." + parts[2];
  }

  private static String withHeader(String token, String header) {
    String[] parts = token.split("\\.");
    return b64(header) + "." + parts[1] + "." + parts[2];
  }
}
