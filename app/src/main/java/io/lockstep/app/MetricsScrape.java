package io.lockstep.app;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /metrics}: the Prometheus scrape, written on a worker thread. Vert.x's own
 * {@code PrometheusScrapingHandler} writes it on the event loop, where it took 15–25 ms warm and
 * 160–330 ms the first time (measured): long enough for every socket of that loop to stall each
 * time Prometheus scrapes. Answers OpenMetrics when the scraper asks for it, Prometheus text
 * otherwise, as that handler does.
 */
final class MetricsScrape implements Handler<RoutingContext> {
  private static final String OPEN_METRICS = "application/openmetrics-text";
  private static final String OPEN_METRICS_TYPE = OPEN_METRICS + "; version=1.0.0; charset=utf-8";
  private static final String PROMETHEUS_TEXT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry meters;

  MetricsScrape(PrometheusMeterRegistry meters) {
    this.meters = meters;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
    String contentType = accept != null && accept.contains(OPEN_METRICS)
        ? OPEN_METRICS_TYPE
        : PROMETHEUS_TEXT_TYPE;
    ctx.vertx().executeBlocking(() -> meters.scrape(contentType), false).onComplete(scraped -> {
      if (scraped.failed()) {
        ctx.fail(scraped.cause());
      } else {
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, contentType).end(scraped.result());
      }
    });
  }
}
