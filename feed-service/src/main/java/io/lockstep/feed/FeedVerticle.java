package io.lockstep.feed;

import io.lockstep.common.config.FeedConfig;
import io.lockstep.common.engine.feed.FeedLog;
import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.edge.http.AuthenticatedBody;
import io.lockstep.edge.http.BearerTokens;
import io.lockstep.edge.http.HttpErrors;
import io.lockstep.edge.http.RequestRates;
import io.lockstep.edge.service.ServiceEnvironment;
import io.lockstep.edge.service.ServiceVerticle;
import io.lockstep.edge.ws.LoopFlusher;
import io.lockstep.feed.builtin.BuiltinChannels;
import io.lockstep.feed.http.PublishHandler;
import io.lockstep.feed.http.SubscribeHandler;
import io.lockstep.feed.live.ChannelHub;
import io.lockstep.feed.metrics.FeedMetrics;
import io.lockstep.feed.publish.FeedBusApi;
import io.lockstep.feed.publish.Publisher;
import io.lockstep.feed.sse.OpenStreams;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The feed service as a verticle (deploy one instance): the built-in channels and
 * {@code lockstep.feed.publish} on the event bus on start, and on every event loop that mounts it
 * the {@code /feeds} routes with that loop's own {@link ChannelHub}.
 */
public final class FeedVerticle extends ServiceVerticle {
  private static final Logger LOG = LoggerFactory.getLogger(FeedVerticle.class);
  /** Room for the {@code {"event":…,"data":…}} wrapper around the largest allowed data. */
  private static final int ENVELOPE_BYTES = 1024;

  private final ServiceEnvironment env;
  private final FeedConfig config;
  private final FeedLog log;
  private final FeedMetrics metrics;
  private final Publisher publisher;
  /** Node-wide, shared by every loop's publish route. */
  private final RequestRates publishRates;
  private final OpenStreams streams = new OpenStreams();
  private final List<ChannelHub> hubs = new CopyOnWriteArrayList<>();
  private BuiltinChannels builtins;
  private FeedBusApi bus;

  public FeedVerticle(ServiceEnvironment env) {
    this.env = env;
    this.config = env.config().feeds();
    this.log = env.engines().feeds();
    this.metrics = new FeedMetrics(env.meters());
    this.publisher = new Publisher(log, metrics);
    var limits = env.config().limits();
    this.publishRates = new RequestRates(limits.httpOpsPerSecond(), limits.httpOpsBurst(), limits.maxRateKeys(), System::nanoTime);
  }

  @Override
  public Future<?> start() {
    env.health().register("feed", promise -> promise.complete(Status.OK()));
    return BuiltinChannels.start(vertx, publisher, env.config().services(),
            env.engines().opStoreWritesDocFeeds())
        .onSuccess(started -> builtins = started)
        .compose(v -> FeedBusApi.start(vertx.eventBus(), publisher, config.maxEventBytes()))
        .onSuccess(started -> {
          bus = started;
          LOG.info("feed-service: {}", env.engines().description());
        });
  }

  /**
   * {@code GET /feeds/{channel}}, {@code GET /feeds?channels=…} and {@code POST /feeds/{channel}}.
   * Each loop gets its own {@link ChannelHub} and {@link LoopFlusher}, so live state is never shared
   * between threads.
   */
  @Override
  public void mount(Router router) {
    ChannelHub hub = new ChannelHub(Vertx.currentContext(), log, env.engines().broker(), metrics);
    hubs.add(hub);
    SubscribeHandler subscribe = new SubscribeHandler(config, env.tokens(), log, metrics, streams, hub,
        env.connectionCap(), new LoopFlusher(Vertx.currentContext()));
    router.get("/feeds").handler(subscribe).failureHandler(HttpErrors::onFailure);
    router.get("/feeds/*").handler(subscribe).failureHandler(HttpErrors::onFailure);
    // Before the publish route, whose "/feeds/*" also matches "/feeds" itself.
    router.route("/feeds").handler(ctx -> notAllowed(ctx, "GET"));
    AuthenticatedBody.guard(router.post("/feeds/*"), env.tokens(), BearerTokens::of,
            config.maxEventBytes() + ENVELOPE_BYTES)
        .handler(new PublishHandler(publisher, config.maxEventBytes(), publishRates))
        .failureHandler(HttpErrors::onFailure);
    router.route("/feeds/*").handler(ctx -> notAllowed(ctx, "GET, POST"));
  }

  /** Ends every open stream (clients reconnect elsewhere with their last id), then the event-bus side. */
  @Override
  public Future<?> stop() {
    env.health().unregister("feed");
    return streams.endAll()
        .eventually(() -> builtins == null ? Future.succeededFuture() : builtins.close())
        .eventually(() -> bus == null ? Future.succeededFuture() : bus.close())
        .onComplete(ar -> hubs.forEach(ChannelHub::close));
  }

  private static void notAllowed(RoutingContext ctx, String allowed) {
    ctx.response().putHeader("allow", allowed);
    HttpErrors.write(ctx, 405, ErrorCode.BAD_REQUEST, ctx.request().method() + " is not supported here");
  }
}
