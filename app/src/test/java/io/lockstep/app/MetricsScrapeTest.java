package io.lockstep.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /metrics} is written off the event loop, in the format the scraper asks for. */
class MetricsScrapeTest {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  /** Whether each read of the probe gauge ran on an event loop: a scrape reads every gauge. */
  private final CopyOnWriteArrayList<Boolean> readOnEventLoop = new CopyOnWriteArrayList<>();
  private Vertx vertx;
  private HttpServer server;

  @BeforeEach
  void start() throws Exception {
    Gauge.builder("scrape_probe", () -> {
      readOnEventLoop.add(Context.isOnEventLoopThread());
      return 1;
    }).register(meters);
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    router.get("/metrics").handler(new MetricsScrape(meters));
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void theScrapeRunsOnAWorkerAndAnswersPrometheusText() throws Exception {
    HttpResponse<String> response = get(null);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
    assertThat(response.body()).contains("scrape_probe 1");
    assertThat(readOnEventLoop).isNotEmpty().containsOnly(false);
  }

  @Test
  void aScraperThatAsksForOpenMetricsGetsIt() throws Exception {
    HttpResponse<String> response = get("application/openmetrics-text; version=1.0.0,text/plain;q=0.5");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/openmetrics-text"));
    assertThat(response.body()).contains("scrape_probe").endsWith("# EOF\n");
  }

  private HttpResponse<String> get(String accept) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + "/metrics"))
        .timeout(Duration.ofSeconds(10));
    if (accept != null) {
      request.header("Accept", accept);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
