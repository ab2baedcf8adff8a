package io.lockstep.app;

import io.lockstep.common.auth.TokenVerifier;
import io.lockstep.common.auth.TokenVerifiers;
import io.lockstep.common.bus.Codecs;
import io.lockstep.common.config.ConfigException;
import io.lockstep.common.config.LockstepConfig;
import io.lockstep.common.engine.Engines;
import io.lockstep.edge.service.LockstepService;
import io.lockstep.edge.service.ServiceEnvironment;
import io.lockstep.edge.service.ServiceVerticle;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lockstep launcher. {@link #main} reads flags and environment ({@link Cli}), then
 * {@link #start} brings the process up in this order: Vert.x with Micrometer metrics (a Prometheus
 * registry, Vert.x's own HTTP and event-bus metrics on), clustered with {@code --cluster}
 * ({@link ClusterSetup}) → token verification → the engines, once for every service
 * ({@link Engines}) → each selected service's verticle deployed ({@link LockstepService#verticle}) →
 * the HTTP front ({@link HttpFront}, one instance per event loop) → a start-up report.
 * {@link GracefulShutdown} stops it on SIGTERM/SIGINT.
 *
 * <p>Exit status: 0 after a clean stop, 1 when start-up or stop fails, 2 for bad configuration.
 */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  /** Longest a SIGTERM/SIGINT shutdown may take before the process exits anyway. */
  static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

  private Main() {}

  public static void main(String[] args) {
    ServiceSet available;
    Cli.Outcome outcome;
    try {
      available = ServiceSet.discover();
      outcome = Cli.parse(List.of(args), System.getenv(), available.names());
    } catch (ConfigException e) {
      exitForBadConfig(e);
      return;
    }
    if (outcome instanceof Cli.Help) {
      System.out.print(((Cli.Help) outcome).text());
      return;
    }
    LockstepConfig config = ((Cli.Run) outcome).config();
    start(config, available)
        .onSuccess(running -> GracefulShutdown.install(running, SHUTDOWN_TIMEOUT))
        .onFailure(e -> {
          if (e instanceof ConfigException) {
            exitForBadConfig((ConfigException) e);
          } else {
            LOG.error("Lockstep failed to start: {}", e.getMessage(), e);
            System.exit(1);
          }
        });
  }

  private static void exitForBadConfig(ConfigException e) {
    System.err.println("lockstep: " + e.getMessage());
    System.err.println("Run with --help to see every flag, its environment variable and its default.");
    System.exit(2);
  }

  /**
   * Starts Lockstep in this JVM with the services on the class path that {@code config.services()}
   * names; the programmatic entry for tests and embedding. Use port 0 for a free port and read it
   * from {@link RunningLockstep#port()}.
   *
   * @return the running process; failed with a {@link ConfigException} for an unknown service or an
   *     unusable key, or with the cause of a service or the HTTP server failing to start (in which
   *     case whatever had started is stopped again and Vert.x closed)
   */
  public static Future<RunningLockstep> start(LockstepConfig config) {
    try {
      return start(config, ServiceSet.discover());
    } catch (ConfigException e) {
      return Future.failedFuture(e);
    }
  }

  static Future<RunningLockstep> start(LockstepConfig config, ServiceSet available) {
    List<LockstepService> services;
    try {
      services = available.select(config.services());
    } catch (ConfigException e) {
      return Future.failedFuture(e);
    }
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    return vertx(config, meters).compose(vertx -> startOn(vertx, config, services, meters));
  }

  /**
   * Vert.x with Micrometer metrics: clustered ({@link ClusterSetup}) when the configuration says
   * so, then completing once it has joined; plain otherwise. The event-bus codecs are registered.
   */
  private static Future<Vertx> vertx(LockstepConfig config, PrometheusMeterRegistry meters) {
    VertxOptions options = new VertxOptions().setMetricsOptions(metricsOptions());
    VertxBuilder builder = Vertx.builder().withMetrics(new MicrometerMetricsFactory(meters));
    Future<Vertx> built = config.cluster().enabled()
        ? ClusterSetup.build(builder, options, config.cluster(), config.redis().enabled())
        : Future.succeededFuture(builder.with(options).build());
    return built.onSuccess(Codecs::registerAll);
  }

  private static Future<RunningLockstep> startOn(Vertx vertx, LockstepConfig config, List<LockstepService> services,
      PrometheusMeterRegistry meters) {
    TokenVerifier tokens;
    try {
      tokens = TokenVerifiers.create(vertx, config.auth());
    } catch (ConfigException e) {
      return vertx.close().transform(closed -> Future.failedFuture(e));
    }
    HealthChecks health = HealthChecks.create(vertx);
    health.register("node", promise -> promise.complete(Status.OK(new JsonObject().put("nodeId", config.nodeId()))));
    Engines engines = Engines.create(vertx, config);
    engines.registerHealthChecks(health);
    ServiceEnvironment env = new ServiceEnvironment(config, engines, tokens, meters, health);

    List<DeployedService> started = new ArrayList<>();
    Queue<HttpFront.Bound> bound = new ConcurrentLinkedQueue<>();
    int instances = Runtime.getRuntime().availableProcessors();
    return deployInOrder(vertx, services, env, started)
        .compose(v -> deployFront(vertx, config, instances, bound,
                () -> new HttpFront(List.copyOf(started), health, meters, bound::add))
            .recover(e -> Future.failedFuture(new IllegalStateException(
                "cannot serve HTTP on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e))))
        .map(id -> new RunningLockstep(vertx, config, bound.peek().port(), started, id, engines, tokens, meters))
        .onSuccess(running -> report(running, bound.peek(), instances, engines))
        .recover(e -> RunningLockstep.undeployInReverse(vertx, started)
            .transform(stopped -> engines.close())
            .transform(closed -> vertx.close())
            .transform(closed -> Future.failedFuture(e)));
  }

  /** Deploys the HTTP front, one instance per core; every instance must report the same port. */
  private static Future<String> deployFront(Vertx vertx, LockstepConfig config, int instances,
      Queue<HttpFront.Bound> bound, Supplier<HttpFront> front) {
    return vertx.deployVerticle(front, new DeploymentOptions().setInstances(instances).setConfig(config.toJson()))
        .compose(id -> bound.stream().mapToInt(HttpFront.Bound::port).distinct().count() == 1
            ? Future.succeededFuture(id)
            : Future.failedFuture(new IllegalStateException("HTTP instances bound different ports: " + bound)));
  }

  /** Vert.x metrics into the Prometheus registry; every metrics domain (HTTP, event bus, pools…) stays on. */
  static MicrometerMetricsOptions metricsOptions() {
    return new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(true)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true));
  }

  /**
   * Deploys each service's verticle, one after another in name order, one instance each (a service
   * deploys its own per-core verticles, such as the sequencer shards, as children).
   */
  private static Future<Void> deployInOrder(Vertx vertx, List<LockstepService> services, ServiceEnvironment env,
      List<DeployedService> started) {
    Future<Void> chain = Future.succeededFuture();
    for (LockstepService s : services) {
      chain = chain.compose(v -> deployOne(vertx, s, env)
          .onSuccess(started::add)
          .<Void>mapEmpty()
          .recover(e -> Future.failedFuture(new IllegalStateException(
              "service " + s.name() + " failed to start: " + e.getMessage(), e))));
    }
    return chain;
  }

  private static Future<DeployedService> deployOne(Vertx vertx, LockstepService service, ServiceEnvironment env) {
    ServiceVerticle verticle;
    try {
      verticle = service.verticle(env);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return vertx.deployVerticle(verticle, new DeploymentOptions().setInstances(1))
        .map(id -> new DeployedService(service.name(), verticle, id));
  }

  private static void report(RunningLockstep running, HttpFront.Bound bound, int instances, Engines engines) {
    LockstepConfig config = running.config();
    String shown = config.host().equals("0.0.0.0") || config.host().equals("::") ? "localhost" : config.host();
    String base = "http://" + shown + ":" + bound.port();
    LOG.info("Lockstep node {} listening on {}:{} ({} HTTP instances)", config.nodeId(), config.host(),
        bound.port(), instances);
    if (bound.routes().isEmpty()) {
      LOG.warn("No Lockstep service is on the class path: only /health and /metrics are served");
    }
    for (Map.Entry<String, List<String>> e : bound.routes().entrySet()) {
      List<String> urls = e.getValue().stream().map(route -> {
        int space = route.indexOf(' ');
        return space < 0 ? base + route : route.substring(0, space + 1) + base + route.substring(space + 1);
      }).toList();
      LOG.info("  {} service: {}", e.getKey(), urls.isEmpty() ? "(no HTTP routes)" : String.join(", ", urls));
    }
    LOG.info("  health: {}/health  metrics: {}/metrics", base, base);
    LOG.info("  engines: {}", engines.description());
    if (config.demo()) {
      LOG.info("  demo app: {}/", base);
    }
    if (running.tokens().enabled()) {
      LOG.info("  authentication: JWT {} (tokens required)", config.auth().algorithm());
    } else {
      LOG.warn("****************************************************************************");
      LOG.warn("* AUTHENTICATION IS OFF: no JWT secret or public key is configured, so      *");
      LOG.warn("* EVERY REQUEST IS ALLOWED to read, write, join and publish anything.       *");
      LOG.warn("* Set LOCKSTEP_JWT_SECRET or --jwt-public-key-file for any real deployment. *");
      LOG.warn("****************************************************************************");
    }
  }
}
