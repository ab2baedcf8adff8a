package io.lockstep.feed.http;

import io.lockstep.common.auth.Rights;
import io.lockstep.common.engine.feed.FeedId;
import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.LockstepException;
import io.lockstep.feed.Channels;
import io.lockstep.feed.FeedNode;
import io.lockstep.feed.live.ChannelHub;
import io.lockstep.feed.sse.FeedStream;
import io.lockstep.feed.sse.StreamCursor;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;

/** {@code GET /feeds/{channel}} and {@code GET /feeds?channels=a,b}: opens an SSE stream. */
public final class SubscribeHandler implements Handler<RoutingContext> {
  private final FeedNode node;
  private final ChannelHub hub;

  public SubscribeHandler(FeedNode node, ChannelHub hub) {
    this.node = node;
    this.hub = hub;
  }

  @Override
  public void handle(RoutingContext ctx) {
    StreamCursor cursor;
    Map<String, FeedId> since;
    String token;
    try {
      cursor = new StreamCursor(FeedRequests.streamChannels(ctx, node.config().maxChannels()));
      String resume = FeedRequests.since(ctx);
      since = resume == null ? null : cursor.parse(resume, "Last-Event-ID");
      token = FeedRequests.token(ctx);
    } catch (LockstepException e) {
      FeedErrors.send(ctx, e);
      return;
    }
    if (node.streams().closing()) {
      FeedErrors.send(ctx, new LockstepException(ErrorCode.UNAVAILABLE, "server is shutting down"));
      return;
    }
    node.tokens().verify(token)
        .compose(rights -> open(ctx, cursor, since, rights))
        .onFailure(e -> FeedErrors.send(ctx, e));
  }

  private Future<Void> open(RoutingContext ctx, StreamCursor cursor, Map<String, FeedId> since, Rights rights) {
    List<String> refused = cursor.channels().stream().filter(c -> !Channels.canRead(rights, c)).toList();
    if (!refused.isEmpty()) {
      throw new LockstepException(ErrorCode.FORBIDDEN, "token has no read right on " + String.join(", ", refused));
    }
    FeedStream stream = new FeedStream(ctx.response(), Vertx.currentContext(), node, hub, cursor);
    return stream.start(since, rights.expiresAtMs());
  }
}
