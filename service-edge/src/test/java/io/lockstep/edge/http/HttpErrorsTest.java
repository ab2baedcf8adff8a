package io.lockstep.edge.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.LockstepException;
import io.lockstep.common.testing.HttpTestClient;
import io.lockstep.edge.testing.RouterServer;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The one mapping of HTTP failures to a status and an error code: as a function, and as the failure
 * handler of a route and the error handler of a router, which answer the same status with the same code.
 */
class HttpErrorsTest {
  private static RouterServer server;
  private static HttpTestClient http;

  @BeforeAll
  static void start() {
    server = RouterServer.start(router -> {
      router.get("/fail/:status").handler(ctx -> ctx.fail(Integer.parseInt(ctx.pathParam("status"))))
          .failureHandler(HttpErrors::onFailure);
      router.get("/bug").handler(ctx -> {
        throw new IllegalStateException("a secret detail");
      }).failureHandler(HttpErrors::onFailure);
      router.get("/shed").handler(ctx -> ctx.fail(LockstepException.shed("busy", 1_500)))
          .failureHandler(HttpErrors::onFailure);
      router.get("/refused").handler(ctx -> ctx.fail(new LockstepException(ErrorCode.FORBIDDEN, "no right")))
          .failureHandler(HttpErrors::onFailure);
      router.get("/half").handler(ctx -> {
        ctx.response().setChunked(true).write("partial");
        ctx.fail(500);
      }).failureHandler(HttpErrors::onFailure);
      router.errorHandler(404, HttpErrors.forStatus(404));
    });
    http = server.client();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aStatusMapsToTheCodeWhoseStatusItIsElseBadRequestOrInternal() {
    Map<Integer, ErrorCode> expected = Map.ofEntries(
        Map.entry(400, ErrorCode.BAD_REQUEST), Map.entry(401, ErrorCode.UNAUTHORIZED),
        Map.entry(403, ErrorCode.FORBIDDEN), Map.entry(404, ErrorCode.NOT_FOUND),
        Map.entry(405, ErrorCode.BAD_REQUEST), Map.entry(409, ErrorCode.CONFLICT),
        Map.entry(413, ErrorCode.TOO_LARGE), Map.entry(422, ErrorCode.INVALID_OP),
        Map.entry(429, ErrorCode.RATE_LIMITED), Map.entry(500, ErrorCode.INTERNAL),
        Map.entry(502, ErrorCode.INTERNAL), Map.entry(503, ErrorCode.UNAVAILABLE));
    expected.forEach((status, code) -> assertThat(HttpErrors.codeFor(status)).as("HTTP %d", status).isEqualTo(code));
  }

  @Test
  void aFailedRouteAnswersItsStatusWithThatCode() {
    for (int status : new int[] {400, 401, 403, 404, 413, 429, 500}) {
      HttpTestClient.Response response = http.get("/fail/" + status);
      assertThat(response.status()).as("ctx.fail(%d)", status).isEqualTo(status);
      assertThat(response.header("content-type")).isEqualTo("application/json");
      JsonObject body = response.json();
      assertThat(body.fieldNames()).containsExactlyInAnyOrder("code", "msg");
      assertThat(body.getString("code")).as("ctx.fail(%d)", status).isEqualTo(HttpErrors.codeFor(status).wire());
    }
  }

  @Test
  void aStatusThatIsNoErrorIsAnsweredAsABug() {
    HttpTestClient.Response response = http.get("/fail/302");
    assertThat(response.status()).isEqualTo(500);
    assertThat(response.json().getString("code")).isEqualTo("internal");
  }

  @Test
  void anUnroutedRequestGetsTheSameCodeAsAFailedOne() {
    HttpTestClient.Response response = http.get("/nowhere");
    assertThat(response.status()).isEqualTo(404);
    assertThat(response.json().getString("code")).isEqualTo("not_found");
  }

  @Test
  void aLockstepFailureKeepsItsCodeAndMessageAndABugHidesItsMessage() {
    HttpTestClient.Response refused = http.get("/refused");
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.json()).isEqualTo(new JsonObject().put("code", "forbidden").put("msg", "no right"));

    HttpTestClient.Response bug = http.get("/bug");
    assertThat(bug.status()).isEqualTo(500);
    assertThat(bug.json()).isEqualTo(new JsonObject().put("code", "internal").put("msg", "internal error"));
  }

  @Test
  void aShedRequestIsToldWhenToRetry() {
    HttpTestClient.Response response = http.get("/shed");
    assertThat(response.status()).isEqualTo(503);
    assertThat(response.header("retry-after")).isEqualTo("2");
    assertThat(response.json().getString("code")).isEqualTo("unavailable");
    assertThat(response.json().getLong("retryMs")).isEqualTo(1_500L);
  }

  @Test
  void aResponseWhoseHeadWentOutIsCutShortRatherThanLeftOpen() {
    // Without the reset the response would never end and this read would time out.
    HttpTestClient.Response response = http.sendRaw("GET", "/half");
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).contains("partial").doesNotContain("0\r\n\r\n");
  }
}
