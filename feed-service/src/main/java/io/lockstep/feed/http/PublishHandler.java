package io.lockstep.feed.http;

import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.LockstepException;
import io.lockstep.feed.Channels;
import io.lockstep.feed.FeedNode;
import io.lockstep.feed.publish.Publication;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** {@code POST /feeds/{channel}}: publishes the JSON body (see {@link Publication} for the rule); {@code 201 {"id"}}. */
public final class PublishHandler implements Handler<RoutingContext> {
  private final FeedNode node;

  public PublishHandler(FeedNode node) {
    this.node = node;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String channel;
    String token;
    try {
      channel = Channels.requirePublishable(FeedRequests.pathChannel(ctx));
      token = FeedRequests.token(ctx);
    } catch (LockstepException e) {
      FeedErrors.send(ctx, e);
      return;
    }
    node.tokens().verify(token).compose(rights -> {
      if (!rights.canPublish(channel)) {
        throw new LockstepException(ErrorCode.FORBIDDEN, "token has no publish right on " + channel);
      }
      String body = ctx.body().asString("UTF-8");
      Publication publication = Publication.fromBody(body == null ? "" : body, node.config().maxEventBytes());
      return node.publisher().publish(channel, publication);
    }).onSuccess(id -> ctx.response().setStatusCode(201).putHeader("content-type", "application/json")
            .end(new JsonObject().put("id", id.toString()).toBuffer()))
        .onFailure(e -> FeedErrors.send(ctx, e));
  }
}
