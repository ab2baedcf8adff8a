package io.lockstep.feed.http;

import io.lockstep.common.engine.feed.FeedId;
import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.LockstepException;
import io.lockstep.edge.http.AuthenticatedBody;
import io.lockstep.edge.http.HttpErrors;
import io.lockstep.edge.http.RequestRates;
import io.lockstep.feed.channels.Channels;
import io.lockstep.feed.publish.Publication;
import io.lockstep.feed.publish.Publisher;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;

/**
 * {@code POST /feeds/{channel}}: publishes the JSON body (see {@link Publication} for the rule); {@code 201 {"id"}}.
 * Runs after {@link AuthenticatedBody#guard}, which verified the token before reading the body.
 */
public final class PublishHandler implements Handler<RoutingContext> {
  private final Publisher publisher;
  private final int maxEventBytes;
  private final RequestRates rates;

  /** @param rates the node's HTTP submission limits per user and client address ({@code 429 rate_limited}) */
  public PublishHandler(Publisher publisher, int maxEventBytes, RequestRates rates) {
    this.publisher = publisher;
    this.maxEventBytes = maxEventBytes;
    this.rates = rates;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Future<FeedId> published;
    try {
      String channel = Channels.requirePublishable(FeedRequests.pathChannel(ctx));
      if (!AuthenticatedBody.rights(ctx).canPublish(channel)) {
        throw new LockstepException(ErrorCode.FORBIDDEN, "token has no publish right on " + channel);
      }
      rates.take(ctx, AuthenticatedBody.rights(ctx).user());
      String body = AuthenticatedBody.body(ctx).toString(StandardCharsets.UTF_8);
      Publication publication = Publication.fromBody(body, maxEventBytes);
      published = publisher.publish(channel, publication);
    } catch (LockstepException e) {
      published = Future.failedFuture(e);
    }
    published.onSuccess(id -> ctx.response().setStatusCode(201).putHeader("content-type", "application/json")
            .end(new JsonObject().put("id", id.toString()).toBuffer()))
        .onFailure(e -> HttpErrors.send(ctx, e));
  }
}
