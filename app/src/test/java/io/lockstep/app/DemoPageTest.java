package io.lockstep.app;

import static io.lockstep.app.MainStartTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.common.config.LockstepConfig;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The demo app is served at {@code /} from the jar, next to the services, without changing their routes or 404s. */
class DemoPageTest {

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static LockstepConfig config() {
    return LockstepConfig.defaults().withHost("127.0.0.1").withPort(0).withServices(Set.of("echo"));
  }

  @Test
  void thePageItsStylesAndItsBundleAreServedWhileServiceRoutesAndNotFoundStayAsTheyWere() throws Exception {
    RunningLockstep running = await(Main.start(config()));
    try {
      int port = running.port();
      HttpResponse<String> page = get(port, "/");
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
      assertThat(page.body()).contains("<title>Lockstep demo</title>").contains("demo.js").contains("demo.css");

      assertThat(get(port, "/index.html").body()).isEqualTo(page.body());
      assertThat(get(port, "/demo.css").statusCode()).isEqualTo(200);
      HttpResponse<String> bundle = get(port, "/demo.js");
      assertThat(bundle.statusCode()).isEqualTo(200);
      assertThat(bundle.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).contains("javascript"));
      assertThat(bundle.body()).contains("LockstepClient");

      assertThat(get(port, "/echo").body()).isEqualTo("echo anonymous");
      assertThat(get(port, "/health").statusCode()).isEqualTo(200);
      assertThat(get(port, "/metrics").statusCode()).isEqualTo(200);
      assertNotFound(get(port, "/no-such-page.html"));
      assertNotFound(get(port, "/nested/missing"));
    } finally {
      await(running.close());
    }
  }

  @Test
  void withTheDemoOffTheRootIsNotFound() throws Exception {
    RunningLockstep running = await(Main.start(config().withDemo(false)));
    try {
      assertNotFound(get(running.port(), "/"));
      assertNotFound(get(running.port(), "/demo.js"));
      assertThat(get(running.port(), "/echo").statusCode()).isEqualTo(200);
    } finally {
      await(running.close());
    }
  }

  private static void assertNotFound(HttpResponse<String> response) {
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(new JsonObject(response.body()).getString("code")).isEqualTo("not_found");
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10)).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
