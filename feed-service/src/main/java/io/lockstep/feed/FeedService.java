package io.lockstep.feed;

import io.lockstep.common.engine.broker.Broker;
import io.lockstep.common.engine.feed.FeedLog;
import io.lockstep.common.service.LockstepService;
import io.lockstep.common.service.ServiceEnvironment;
import io.lockstep.feed.builtin.BuiltinChannels;
import io.lockstep.feed.live.ChannelHub;
import io.lockstep.feed.publish.FeedBusApi;
import io.lockstep.feed.publish.Publisher;
import io.vertx.core.Future;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The feed service as the launcher sees it: the feed log and broker (memory, or Redis when
 * configured), the built-in channels and {@code lockstep.feed.publish} on the event bus, and the
 * {@code /feeds} routes on every HTTP event loop.
 */
public final class FeedService implements LockstepService {
  private static final Logger LOG = LoggerFactory.getLogger(FeedService.class);

  private final FeedLog givenLog;
  private final Broker givenBroker;
  private final List<ChannelHub> hubs = new CopyOnWriteArrayList<>();
  private FeedEngines engines;
  private FeedNode node;
  private BuiltinChannels builtins;
  private FeedBusApi bus;

  public FeedService() {
    this(null, null);
  }

  /** A feed service over a log and broker made by the caller: tests running several nodes in one JVM. */
  public FeedService(FeedLog log, Broker broker) {
    this.givenLog = log;
    this.givenBroker = broker;
  }

  @Override
  public String name() {
    return "feed";
  }

  @Override
  public Future<Void> start(ServiceEnvironment env) {
    var vertx = env.vertx();
    engines = givenLog != null ? FeedEngines.given(givenLog, givenBroker) : FeedEngines.create(vertx, env.config());
    FeedMetrics metrics = new FeedMetrics(env.meters());
    Publisher publisher = new Publisher(engines.log(), metrics);
    node = new FeedNode(vertx, env.config().feeds(), engines.log(), engines.broker(), env.tokens(), metrics, publisher,
        new OpenStreams());
    env.health().register("feed", promise -> promise.complete(Status.OK()));
    engines.registerHealthChecks(env.health());
    return BuiltinChannels.start(vertx, publisher, env.config().services())
        .onSuccess(started -> builtins = started)
        .compose(v -> FeedBusApi.start(vertx.eventBus(), publisher, node.config().maxEventBytes()))
        .onSuccess(started -> {
          bus = started;
          LOG.info("feed-service: {}", engines.description());
        })
        .mapEmpty();
  }

  @Override
  public void mount(Router router) {
    hubs.add(FeedRoutes.mount(router, node));
  }

  @Override
  public Future<Void> stop() {
    if (node == null) {
      return Future.succeededFuture();
    }
    return node.streams().endAll()
        .eventually(() -> builtins == null ? Future.succeededFuture() : builtins.close())
        .eventually(() -> bus == null ? Future.succeededFuture() : bus.close())
        .eventually(() -> {
          hubs.forEach(ChannelHub::close);
          return engines.close();
        });
  }
}
