package io.lockstep.feed.http;

import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.LockstepException;
import io.lockstep.feed.Channels;
import io.lockstep.common.engine.feed.FeedId;
import io.lockstep.feed.FeedNode;
import io.lockstep.feed.publish.Publication;
import io.lockstep.common.service.AuthenticatedBody;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;

/** {@code POST /feeds/{channel}}: publishes the JSON body (see {@link Publication} for the rule); {@code 201 {"id"}}. */
public final class PublishHandler implements Handler<RoutingContext> {
  private final FeedNode node;

  public PublishHandler(FeedNode node) {
    this.node = node;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Future<FeedId> published;
    try {
      String channel = Channels.requirePublishable(FeedRequests.pathChannel(ctx));
      if (!AuthenticatedBody.rights(ctx).canPublish(channel)) {
        throw new LockstepException(ErrorCode.FORBIDDEN, "token has no publish right on " + channel);
      }
      String body = AuthenticatedBody.body(ctx).toString(StandardCharsets.UTF_8);
      Publication publication = Publication.fromBody(body, node.config().maxEventBytes());
      published = node.publisher().publish(channel, publication);
    } catch (LockstepException e) {
      published = Future.failedFuture(e);
    }
    published.onSuccess(id -> ctx.response().setStatusCode(201).putHeader("content-type", "application/json")
            .end(new JsonObject().put("id", id.toString()).toBuffer()))
        .onFailure(e -> FeedErrors.send(ctx, e));
  }
}
