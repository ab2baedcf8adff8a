package io.lockstep.feed.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.common.config.FeedConfig;
import io.lockstep.common.config.LockstepConfig;
import io.lockstep.common.testing.HttpTestClient;
import io.lockstep.common.testing.TestTokens;
import io.lockstep.common.testing.sse.SseConnection;
import io.lockstep.feed.testing.FeedTestServer;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Dozens of malformed or unauthorised requests, generated: bad JSON, bodies over the limit, bad and
 * overlong channel names, built-in channels, wrong methods, bad ids, bad tokens, missing rights. Each
 * is refused with the status and code docs/protocol.md gives, and the server keeps serving.
 */
class FeedAbuseTest {
  private static final int MAX_EVENT = 4 * 1024;
  private static final FeedConfig FEEDS = new FeedConfig(100, 86_400_000, 15_000, 2_000, 1024 * 1024, 4, MAX_EVENT);
  private static Vertx vertx;
  private static TestTokens tokens;
  private static FeedTestServer server;
  private static HttpTestClient http;
  private static String good;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    tokens = TestTokens.hs256(vertx);
    server = FeedTestServer.start(LockstepConfig.defaults().withFeeds(FEEDS).withAuth(tokens.authConfig()));
    http = new HttpTestClient(server.port());
    good = tokens.token("ada", TestTokens.rights().read("news/*", "notes/*").publish("news/*"));
  }

  @AfterAll
  static void stop() {
    server.close();
    vertx.close().await();
  }

  /** One request and the answer it must get. */
  private record Case(String name, String method, String target, String body, String token, String lastEventId,
      int status, String code) {}

  @Test
  void everyMalformedOrUnauthorisedRequestIsRefusedWithItsCodeAndTheServerKeepsServing() {
    List<Case> cases = new ArrayList<>();
    String channel = "news/" + UUID.randomUUID();
    for (String body : List.of("{", "{\"a\":", "nul", "[1,2", "{\"a\" 1}", "'single'", "", "   ", "{}}", "tru")) {
      cases.add(new Case("bad JSON " + body, "POST", "/feeds/" + channel, body, good, null, 400, "bad_request"));
    }
    cases.add(new Case("body over the limit", "POST", "/feeds/" + channel, "\"" + "x".repeat(MAX_EVENT + 2_000) + "\"",
        good, null, 413, "too_large"));
    cases.add(new Case("data over the limit", "POST", "/feeds/" + channel, "\"" + "x".repeat(MAX_EVENT) + "\"",
        good, null, 413, "too_large"));
    cases.add(new Case("named data over the limit", "POST", "/feeds/" + channel,
        "{\"event\":\"e\",\"data\":\"" + "x".repeat(MAX_EVENT) + "\"}", good, null, 413, "too_large"));
    for (String type : List.of("\"\"", "\"a b\"", "\"reset\"", "\"" + "t".repeat(65) + "\"", "\"caf\u00e9\"")) {
      cases.add(new Case("event type " + type, "POST", "/feeds/" + channel, "{\"event\":" + type + ",\"data\":1}",
          good, null, 400, "bad_request"));
    }
    for (String bad : List.of("news%20x", "news%7Bx%7D", "news%C3%A9", "news%00", "news*", "news%22", "news%5C",
        "n".repeat(257), "news%3Cscript%3E")) {
      cases.add(new Case("publish to channel " + bad, "POST", "/feeds/" + bad, "{}", good, null, 400, "bad_request"));
      cases.add(new Case("read channel " + bad, "GET", "/feeds/" + bad, null, good, null, 400, "bad_request"));
    }
    cases.add(new Case("publish to doc:", "POST", "/feeds/doc:notes/1", "{}", good, null, 403, "forbidden"));
    cases.add(new Case("publish to presence:", "POST", "/feeds/presence:room-1", "{}", good, null, 403, "forbidden"));
    cases.add(new Case("doc: without a document", "GET", "/feeds/doc:", null, good, null, 400, "bad_request"));
    cases.add(new Case("presence: with a bad room", "GET", "/feeds/presence:a%20b", null, good, null, 400, "bad_request"));
    cases.add(new Case("no channel", "GET", "/feeds/", null, good, null, 400, "bad_request"));
    cases.add(new Case("no channels list", "GET", "/feeds", null, good, null, 400, "bad_request"));
    cases.add(new Case("empty channel in the list", "GET", "/feeds?channels=news/a,,news/b", null, good, null, 400, "bad_request"));
    cases.add(new Case("too many channels", "GET", "/feeds?channels=news/1,news/2,news/3,news/4,news/5", null, good,
        null, 400, "bad_request"));
    for (String method : List.of("PUT", "DELETE", "PATCH")) {
      cases.add(new Case(method + " on a channel", method, "/feeds/" + channel, "{}", good, null, 405, "bad_request"));
    }
    cases.add(new Case("POST without a channel", "POST", "/feeds", "{}", good, null, 405, "bad_request"));
    for (String id : List.of("abc", "1-", "-1", "1-2-3", "1700000000000", "99999999999999999999-1", "1-x", "1_1",
        "m.00000000.1-1_1-1")) {
      cases.add(new Case("Last-Event-ID " + id, "GET", "/feeds/" + channel, null, good, id, 400, "bad_request"));
    }
    cases.add(new Case("composite id of other channels", "GET", "/feeds?channels=news/a,news/b", null, good,
        "m.00000000.1-1_1-1", 400, "bad_request"));
    cases.add(new Case("composite id with too few positions", "GET", "/feeds?channels=news/a,news/b", null, good,
        compositePrefix("news/a", "news/b") + "1-1", 400, "bad_request"));
    cases.add(new Case("plain id on several channels", "GET", "/feeds?channels=news/a,news/b", null, good,
        "1-1", 400, "bad_request"));
    cases.add(new Case("since garbage", "GET", "/feeds/" + channel + "?since=zzz", null, good, null, 400, "bad_request"));
    cases.add(new Case("no token to read", "GET", "/feeds/" + channel, null, null, null, 401, "unauthorized"));
    cases.add(new Case("no token to publish", "POST", "/feeds/" + channel, "{}", null, null, 401, "unauthorized"));
    cases.add(new Case("garbage token", "GET", "/feeds/" + channel, null, "not.a.jwt", null, 401, "unauthorized"));
    cases.add(new Case("expired token", "POST", "/feeds/" + channel, "{}",
        tokens.expired("ada", TestTokens.rights().publish("*")), null, 401, "unauthorized"));
    cases.add(new Case("other secret", "GET", "/feeds/" + channel, null,
        TestTokens.hs256(vertx, "another-secret-of-at-least-32-bytes!!").allRights("mallory"), null, 401, "unauthorized"));
    cases.add(new Case("no publish right", "POST", "/feeds/sports/1", "{}", good, null, 403, "forbidden"));
    cases.add(new Case("no read right", "GET", "/feeds/sports/1", null, good, null, 403, "forbidden"));
    cases.add(new Case("no read right on one of several", "GET", "/feeds?channels=news/a,sports/1", null, good, null,
        403, "forbidden"));
    cases.add(new Case("no read right on the document", "GET", "/feeds/doc:secret/1", null, good, null, 403, "forbidden"));

    List<String> wrong = new ArrayList<>();
    for (Case c : cases) {
      HttpTestClient.Response response = send(c);
      String code = response.body().isEmpty() ? null : response.json().getString("code");
      if (response.status() != c.status() || !c.code().equals(code)) {
        wrong.add(c.name() + ": expected " + c.status() + " " + c.code() + ", got " + response);
      }
    }
    assertThat(wrong).as("of %d cases", cases.size()).isEmpty();
    assertThat(cases.size()).isGreaterThanOrEqualTo(50);

    stillServes(channel);
  }

  @Test
  void aMalformedPercentEscapeIsABadRequestAndTheServerKeepsServing() {
    // Refused by the router before any route runs; in the app, the front's error handler gives it a JSON body.
    assertThat(http.sendRaw("GET", "/feeds/news%ZZ").status()).isEqualTo(400);
    assertThat(http.sendRaw("POST", "/feeds/news%ZZ").status()).isEqualTo(400);
    stillServes("news/" + UUID.randomUUID());
  }

  @Test
  void eventSourceMayPassTheTokenInTheQueryAndReadTheDocChannelWithTheDocumentsRight() {
    String channel = "news/" + UUID.randomUUID();
    SseConnection byQuery = server.sse().open("/feeds/" + channel + "?token=" + good);
    assertThat(byQuery.status()).isEqualTo(200);
    SseConnection doc = server.sse().open("/feeds/doc:notes/1", null, good);
    assertThat(doc.status()).isEqualTo(200);
    HttpTestClient.Response published = http.send("POST", "/feeds/" + channel + "?token=" + good, "{\"q\":1}", null);
    assertThat(published.status()).isEqualTo(201);
    assertThat(byQuery.next(5_000).json().getInteger("q")).isEqualTo(1);
    byQuery.close();
    doc.close();
  }

  private static void stillServes(String channel) {
    SseConnection stream = server.sse().open("/feeds/" + channel, null, good);
    assertThat(stream.status()).isEqualTo(200);
    HttpTestClient.Response published = http.send("POST", "/feeds/" + channel, "{\"ok\":true}", good);
    assertThat(published.status()).isEqualTo(201);
    assertThat(stream.next(5_000).json().getBoolean("ok")).isTrue();
    stream.close();
  }

  private static HttpTestClient.Response send(Case c) {
    if (c.lastEventId() == null) {
      return http.send(c.method(), c.target(), c.body(), c.token());
    }
    SseConnection stream = server.sse().open(c.target(), c.lastEventId(), c.token());
    if (stream.status() == 200) {
      stream.close();
    }
    try {
      stream.ended().await(5, java.util.concurrent.TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError(c.name() + ": the refusal did not end", e);
    }
    return new HttpTestClient.Response(stream.status(), stream.errorBody(), java.net.http.HttpHeaders.of(
        java.util.Map.of(), (a, b) -> true));
  }

  private static String compositePrefix(String... sortedChannels) {
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(String.join("\n", sortedChannels).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return String.format("m.%08x.", crc.getValue());
  }
}
