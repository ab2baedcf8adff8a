package io.lockstep.edge.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.common.testing.HttpTestClient;
import io.lockstep.edge.testing.RouterServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Where a request's token is read from: the {@code Authorization: Bearer} header, else {@code ?token=}. */
class BearerTokensTest {
  private static RouterServer server;
  private static HttpTestClient http;

  @BeforeAll
  static void start() {
    server = RouterServer.start(router -> router.get("/token").handler(ctx -> {
      String token = BearerTokens.of(ctx);
      ctx.response().end(token == null ? "(none)" : "[" + token + "]");
    }).failureHandler(HttpErrors::onFailure));
    http = server.client();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void theHeaderGivesTheTokenOnlyForTheBearerScheme() {
    assertThat(BearerTokens.inHeader(null)).as("no header").isEmpty();
    assertThat(BearerTokens.inHeader("Basic YWxpY2U6cHc=")).as("another scheme").isEmpty();
    assertThat(BearerTokens.inHeader("Bearer")).as("the scheme alone").isEmpty();
    assertThat(BearerTokens.inHeader("Bearer ")).as("an empty token").contains("");
    assertThat(BearerTokens.inHeader("Bearer abc.def.ghi")).contains("abc.def.ghi");
    assertThat(BearerTokens.inHeader("bEARER  abc ")).as("any case, trimmed").contains("abc");
  }

  @Test
  void theHeaderWinsOverTheQueryWhichServesClientsWithoutHeaders() {
    assertThat(http.get("/token").body()).isEqualTo("(none)");
    assertThat(http.get("/token", "Bearer h").body()).isEqualTo("[h]");
    assertThat(http.get("/token?token=q", "Bearer h").body()).isEqualTo("[h]");
    assertThat(http.get("/token?token=q").body()).isEqualTo("[q]");
    assertThat(http.get("/token?token=q", "Basic YWxpY2U6cHc=").body()).as("another scheme").isEqualTo("[q]");
  }

  @Test
  void aBadlyEncodedQueryIsABadRequest() {
    HttpTestClient.Response response = http.sendRaw("GET", "/token?token=%ZZ");
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().getString("code")).isEqualTo("bad_request");
  }
}
