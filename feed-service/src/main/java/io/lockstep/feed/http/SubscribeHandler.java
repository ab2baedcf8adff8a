package io.lockstep.feed.http;

import io.lockstep.common.auth.Rights;
import io.lockstep.common.auth.TokenVerifier;
import io.lockstep.common.config.FeedConfig;
import io.lockstep.common.engine.feed.FeedId;
import io.lockstep.common.engine.feed.FeedLog;
import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.LockstepException;
import io.lockstep.edge.http.BearerTokens;
import io.lockstep.edge.http.HttpErrors;
import io.lockstep.edge.service.ConnectionCap;
import io.lockstep.edge.ws.LoopFlusher;
import io.lockstep.feed.channels.Channels;
import io.lockstep.feed.live.ChannelHub;
import io.lockstep.feed.metrics.FeedMetrics;
import io.lockstep.feed.sse.FeedStream;
import io.lockstep.feed.sse.OpenStreams;
import io.lockstep.feed.sse.StreamCursor;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /feeds/{channel}} and {@code GET /feeds?channels=a,b}: opens an SSE stream, which holds a
 * place in the process's {@link ConnectionCap} while it is open.
 */
public final class SubscribeHandler implements Handler<RoutingContext> {
  private final FeedConfig config;
  private final TokenVerifier tokens;
  private final FeedLog log;
  private final FeedMetrics metrics;
  private final OpenStreams streams;
  private final ChannelHub hub;
  private final ConnectionCap cap;
  private final LoopFlusher flusher;

  public SubscribeHandler(FeedConfig config, TokenVerifier tokens, FeedLog log, FeedMetrics metrics, OpenStreams streams,
      ChannelHub hub, ConnectionCap cap, LoopFlusher flusher) {
    this.config = config;
    this.tokens = tokens;
    this.log = log;
    this.metrics = metrics;
    this.streams = streams;
    this.hub = hub;
    this.cap = cap;
    this.flusher = flusher;
  }

  @Override
  public void handle(RoutingContext ctx) {
    StreamCursor cursor;
    Map<String, FeedId> since;
    String token;
    try {
      cursor = new StreamCursor(FeedRequests.streamChannels(ctx, config.maxChannels()));
      String resume = FeedRequests.since(ctx);
      since = resume == null ? null : cursor.parse(resume, "Last-Event-ID");
      token = BearerTokens.of(ctx);
    } catch (LockstepException e) {
      HttpErrors.send(ctx, e);
      return;
    }
    if (streams.closing()) {
      HttpErrors.send(ctx, new LockstepException(ErrorCode.UNAVAILABLE, "server is shutting down"));
      return;
    }
    tokens.verify(token)
        .compose(rights -> open(ctx, cursor, since, rights))
        .onFailure(e -> HttpErrors.send(ctx, e));
  }

  private Future<Void> open(RoutingContext ctx, StreamCursor cursor, Map<String, FeedId> since, Rights rights) {
    List<String> refused = cursor.channels().stream().filter(c -> !Channels.canRead(rights, c)).toList();
    if (!refused.isEmpty()) {
      throw new LockstepException(ErrorCode.FORBIDDEN, "token has no read right on " + String.join(", ", refused));
    }
    ConnectionCap.Slot slot = cap.admit(ctx.request().remoteAddress().hostAddress());
    FeedStream stream = new FeedStream(ctx.response(), Vertx.currentContext(), flusher, config, log, metrics, streams, hub,
        cursor, slot);
    return stream.start(since, rights.expiresAtMs());
  }
}
