package io.lockstep.feed.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.common.auth.JwtTokenVerifier;
import io.lockstep.common.config.ConnectionLimits;
import io.lockstep.common.config.LockstepConfig;
import io.lockstep.common.testing.HttpTestClient;
import io.lockstep.common.testing.TestTokens;
import io.lockstep.common.testing.sse.SseConnection;
import io.lockstep.common.testing.sse.SseEvent;
import io.lockstep.feed.testing.FeedTestServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 13 items 4 and 6 on SSE feeds: a stream ends at its token's {@code exp} plus the grace with
 * a last {@code event: expired}, and the client that reconnects with a fresh token and its last id
 * loses nothing; streams beyond the per-address cap are refused with 429 and beyond the process
 * cap with 503, and an ended stream gives its place back.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StreamBoundsTest {
  private static final long GRACE_MS = JwtTokenVerifier.LEEWAY_SECONDS * 1000L;
  private Vertx vertx;
  private TestTokens tokens;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    tokens = TestTokens.hs256(vertx);
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void aStreamEndsWithAnExpiredEventAtExpiryAndResumesWithAFreshTokenLosingNothing() throws Exception {
    try (FeedTestServer server = FeedTestServer.start(LockstepConfig.defaults().withAuth(tokens.authConfig()))) {
      HttpTestClient http = new HttpTestClient(server.port());
      String publisher = tokens.token("pat", TestTokens.rights().publish("*"), Duration.ofHours(1));
      String shortLived = tokens.token("eve", TestTokens.rights().read("news"), Duration.ofSeconds(1));
      long opened = System.currentTimeMillis();
      SseConnection stream = server.sse().open("/feeds/news", null, shortLived);
      assertThat(stream.status()).isEqualTo(200);

      assertThat(http.send("POST", "/feeds/news", "{\"n\":1}", publisher).status()).isEqualTo(201);
      SseEvent first = stream.next(5_000);
      assertThat(first.json().getInteger("n")).isEqualTo(1);

      SseEvent last = stream.next(15_000);
      assertThat(last.event()).isEqualTo("expired");
      assertThat(last.json().getString("reason")).isEqualTo("token expired");
      assertThat(last.id()).as("it has no id: the last id stays the last event's").isEqualTo(first.id());
      stream.ended().await(5, TimeUnit.SECONDS);
      assertThat(System.currentTimeMillis()).as("not before exp + grace").isGreaterThanOrEqualTo(opened + GRACE_MS - 1_000);

      assertThat(http.send("POST", "/feeds/news", "{\"n\":2}", publisher).status()).isEqualTo(201);
      SseConnection resumed = server.sse().reconnect("/feeds/news", stream,
          tokens.token("eve", TestTokens.rights().read("news"), Duration.ofHours(1)));
      assertThat(resumed.status()).isEqualTo(200);
      assertThat(resumed.next(5_000).json().getInteger("n")).as("the event published meanwhile").isEqualTo(2);
      resumed.close();
    }
  }

  @Test
  void streamsPastTheCapsAreRefusedAndAnEndedOneGivesItsPlaceBack() throws Exception {
    LockstepConfig perAddress = LockstepConfig.defaults().withConnections(new ConnectionLimits(100, 2, 10_000));
    try (FeedTestServer server = FeedTestServer.start(perAddress)) {
      List<SseConnection> open = new ArrayList<>(List.of(open(server), open(server)));
      SseConnection refused = server.sse().open("/feeds/news");
      assertThat(refused.status()).isEqualTo(429);
      refused.ended().await(5, TimeUnit.SECONDS);
      assertThat(new JsonObject(refused.errorBody()).getString("code")).isEqualTo("rate_limited");

      open.remove(0).close();
      SseConnection again = null;
      for (int attempt = 0; attempt < 50 && (again == null || again.status() != 200); attempt++) {
        Thread.sleep(attempt == 0 ? 0 : 100);
        again = server.sse().open("/feeds/news");
      }
      assertThat(again.status()).as("a closed stream gives its place back").isEqualTo(200);
      again.close();
      open.forEach(SseConnection::close);
    }
    LockstepConfig total = LockstepConfig.defaults().withConnections(new ConnectionLimits(2, 100, 10_000));
    try (FeedTestServer server = FeedTestServer.start(total)) {
      List<SseConnection> open = List.of(open(server), open(server));
      SseConnection refused = server.sse().open("/feeds/news");
      assertThat(refused.status()).isEqualTo(503);
      refused.ended().await(5, TimeUnit.SECONDS);
      assertThat(new JsonObject(refused.errorBody()).getString("code")).isEqualTo("unavailable");
      open.forEach(SseConnection::close);
    }
  }

  private static SseConnection open(FeedTestServer server) {
    SseConnection stream = server.sse().open("/feeds/news");
    assertThat(stream.status()).isEqualTo(200);
    return stream;
  }
}
