package io.lockstep.app;

import io.lockstep.common.config.LockstepConfig;
import io.lockstep.edge.http.HttpErrors;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The one HTTP server of a process, deployed once per event loop: Vert.x lets every instance listen
 * on the same port and spreads connections among them. Each instance builds its own {@link Router}:
 * {@code GET /health}, {@code GET /metrics}, then every started service's routes
 * ({@link io.lockstep.edge.service.ServiceVerticle#mount}), then the demo app at {@code /} ({@link DemoPage}, with
 * {@code --demo}), then a failure handler that answers {@code {code,msg}} JSON.
 *
 * <p>The configuration arrives through {@code DeploymentOptions.setConfig} and is read back in
 * {@link #start()}; the shared collaborators (services, health checks, meter registry) arrive through
 * the constructor, which only stores them.
 */
final class HttpFront extends VerticleBase {

  /** How long open requests and sockets get to finish once shutdown starts. */
  static final Duration DRAIN = Duration.ofSeconds(7);

  /** What a listening instance reports: the bound port and each service's routes. */
  record Bound(int port, Map<String, List<String>> routes) {}

  private final List<DeployedService> services;
  private final HealthChecks health;
  private final PrometheusMeterRegistry meters;
  private final Consumer<Bound> onBound;
  private HttpServer server;

  HttpFront(List<DeployedService> services, HealthChecks health, PrometheusMeterRegistry meters,
      Consumer<Bound> onBound) {
    this.services = services;
    this.health = health;
    this.meters = meters;
    this.onBound = onBound;
  }

  @Override
  public Future<?> start() {
    LockstepConfig config = LockstepConfig.fromJson(config());
    Router router = Router.router(vertx);
    router.get("/health").handler(HealthCheckHandler.createWithHealthChecks(health));
    router.get("/metrics").handler(new MetricsScrape(meters));
    Map<String, List<String>> routes = new LinkedHashMap<>();
    for (DeployedService service : services) {
      int before = router.getRoutes().size();
      service.verticle().mount(router);
      List<Route> all = router.getRoutes();
      routes.put(service.name(), describe(all.subList(before, all.size())));
    }
    if (config.demo()) {
      DemoPage.mount(router);
    }
    // Added last: failure handlers run in route order, so a service's own failure handler wins.
    // The same mapping as every service's routes (HttpErrors), so a status always carries one code.
    router.route().failureHandler(HttpErrors::onFailure);
    router.errorHandler(400, HttpErrors.forStatus(400));
    router.errorHandler(404, HttpErrors.forStatus(404));
    router.errorHandler(405, HttpErrors.forStatus(405));

    // Instances share a fixed port. For port 0 each would bind a random port of its own, so ask
    // Vert.x for its shared random port instead (a negative port: one random port per value).
    int port = config.port() == 0 ? -1 : config.port();
    server = vertx.createHttpServer(serverOptions(config));
    return server.requestHandler(router)
        .listen(port, config.host())
        .onSuccess(s -> onBound.accept(new Bound(s.actualPort(), routes)));
  }

  /**
   * Stops accepting connections at once, then gives open requests and sockets {@link #DRAIN} to
   * finish (services close theirs in their own {@code stop()}) before closing what is left.
   */
  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.shutdown(DRAIN);
  }

  /**
   * WebSocket frames and messages may be up to twice {@code maxFrameBytes} at the transport, so a
   * service sees a moderately oversized frame and can answer {@code too_large} (PROTOCOL.md) rather
   * than the socket being cut; past twice the limit Vert.x closes the socket without reading
   * the frame whole, which bounds memory.
   */
  static HttpServerOptions serverOptions(LockstepConfig config) {
    int wsLimit = (int) Math.min(Integer.MAX_VALUE, 2L * config.limits().maxFrameBytes());
    return WebSocketCompression.configure(new HttpServerOptions(), config.wsCompression())
        .setWebSocketSubProtocols(List.of("lockstep.v1"))
        .setMaxWebSocketFrameSize(wsLimit)
        .setMaxWebSocketMessageSize(wsLimit);
  }

  private static List<String> describe(List<Route> routes) {
    List<String> out = new ArrayList<>();
    for (Route r : routes) {
      String path = r.getPath() != null ? r.getPath() : r.getName();
      if (path == null) {
        continue;
      }
      TreeSet<String> methods = new TreeSet<>();
      for (HttpMethod m : r.methods() == null ? List.<HttpMethod>of() : r.methods()) {
        methods.add(m.name());
      }
      String entry = (methods.isEmpty() ? "" : String.join(",", methods) + " ") + path;
      if (!out.contains(entry)) {
        out.add(entry);
      }
    }
    return out;
  }
}
