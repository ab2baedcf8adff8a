package io.lockstep.feed;

import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.service.AuthenticatedBody;
import io.lockstep.feed.http.FeedErrors;
import io.lockstep.feed.http.FeedRequests;
import io.lockstep.feed.http.PublishHandler;
import io.lockstep.feed.http.SubscribeHandler;
import io.lockstep.feed.live.ChannelHub;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The feed service's routes on one HTTP event loop: {@code GET /feeds/{channel}},
 * {@code GET /feeds?channels=…} and {@code POST /feeds/{channel}}. Each loop gets its own
 * {@link ChannelHub}, so live state is never shared between threads.
 */
public final class FeedRoutes {
  /** Room for the {@code {"event":…,"data":…}} wrapper around the largest allowed data. */
  private static final int ENVELOPE_BYTES = 1024;

  private FeedRoutes() {}

  /** Adds the routes to {@code router}; call on the loop that serves it. Returns its hub, to close on stop. */
  public static ChannelHub mount(Router router, FeedNode node) {
    ChannelHub hub = new ChannelHub(Vertx.currentContext(), node.log(), node.broker(), node.metrics());
    SubscribeHandler subscribe = new SubscribeHandler(node, hub);
    router.get("/feeds").handler(subscribe).failureHandler(FeedErrors::onFailure);
    router.get("/feeds/*").handler(subscribe).failureHandler(FeedErrors::onFailure);
    // Before the publish route, whose "/feeds/*" also matches "/feeds" itself.
    router.route("/feeds").handler(ctx -> notAllowed(ctx, "GET"));
    AuthenticatedBody.guard(router.post("/feeds/*"), node.tokens(), FeedRequests::token,
            node.config().maxEventBytes() + ENVELOPE_BYTES)
        .handler(new PublishHandler(node))
        .failureHandler(FeedErrors::onFailure);
    router.route("/feeds/*").handler(ctx -> notAllowed(ctx, "GET, POST"));
    return hub;
  }

  private static void notAllowed(RoutingContext ctx, String allowed) {
    ctx.response().setStatusCode(405).putHeader("allow", allowed).putHeader("content-type", "application/json")
        .end(new JsonObject().put("code", ErrorCode.BAD_REQUEST.wire())
            .put("msg", ctx.request().method() + " is not supported here").toBuffer());
  }
}
