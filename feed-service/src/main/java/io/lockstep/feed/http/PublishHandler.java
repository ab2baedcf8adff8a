package io.lockstep.feed.http;

import io.lockstep.common.auth.TokenVerifier;
import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.LockstepException;
import io.lockstep.edge.http.BearerTokens;
import io.lockstep.edge.http.HttpErrors;
import io.lockstep.feed.channels.Channels;
import io.lockstep.feed.publish.Publication;
import io.lockstep.feed.publish.Publisher;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** {@code POST /feeds/{channel}}: publishes the JSON body (see {@link Publication} for the rule); {@code 201 {"id"}}. */
public final class PublishHandler implements Handler<RoutingContext> {
  private final TokenVerifier tokens;
  private final Publisher publisher;
  private final int maxEventBytes;

  public PublishHandler(TokenVerifier tokens, Publisher publisher, int maxEventBytes) {
    this.tokens = tokens;
    this.publisher = publisher;
    this.maxEventBytes = maxEventBytes;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String channel;
    String token;
    try {
      channel = Channels.requirePublishable(FeedRequests.pathChannel(ctx));
      token = BearerTokens.of(ctx);
    } catch (LockstepException e) {
      HttpErrors.send(ctx, e);
      return;
    }
    tokens.verify(token).compose(rights -> {
      if (!rights.canPublish(channel)) {
        throw new LockstepException(ErrorCode.FORBIDDEN, "token has no publish right on " + channel);
      }
      String body = ctx.body().asString("UTF-8");
      Publication publication = Publication.fromBody(body == null ? "" : body, maxEventBytes);
      return publisher.publish(channel, publication);
    }).onSuccess(id -> ctx.response().setStatusCode(201).putHeader("content-type", "application/json")
            .end(new JsonObject().put("id", id.toString()).toBuffer()))
        .onFailure(e -> HttpErrors.send(ctx, e));
  }
}
