package io.lockstep.feed.http;

import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.LockstepException;
import io.lockstep.feed.channels.Channels;
import io.vertx.ext.web.RoutingContext;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.TreeSet;

/** What the feed routes read from a request: channels, the token, the resume id. */
public final class FeedRequests {
  private static final String PREFIX = "/feeds/";

  private FeedRequests() {}

  /**
   * The channel of {@code /feeds/{channel}}: percent-encoded ({@code doc%3Anotes%2F1}) or with plain
   * slashes and colons; checked only for the alphabet here (callers check what they may do with it).
   */
  static String pathChannel(RoutingContext ctx) {
    String path = ctx.request().path();
    if (!path.startsWith(PREFIX) || path.length() == PREFIX.length()) {
      throw new LockstepException(ErrorCode.BAD_REQUEST, "the path must name a channel: /feeds/{channel}");
    }
    try {
      return URLDecoder.decode(path.substring(PREFIX.length()).replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new LockstepException(ErrorCode.BAD_REQUEST, "the channel is not properly percent-encoded");
    }
  }

  /**
   * The channels to follow: the path's one, or {@code ?channels=a,b} on {@code /feeds}; distinct,
   * sorted, valid, 1 to {@code max} of them.
   */
  static List<String> streamChannels(RoutingContext ctx, int max) {
    if (ctx.request().path().startsWith(PREFIX)) {
      return List.of(Channels.requireReadable(pathChannel(ctx)));
    }
    String list = param(ctx, "channels");
    if (list == null || list.isEmpty()) {
      throw new LockstepException(ErrorCode.BAD_REQUEST, "name the channels: /feeds/{channel} or /feeds?channels=a,b");
    }
    TreeSet<String> channels = new TreeSet<>();
    for (String channel : list.split(",", -1)) {
      channels.add(Channels.requireReadable(channel));
    }
    if (channels.size() > max) {
      throw new LockstepException(ErrorCode.BAD_REQUEST, "a stream may follow at most " + max + " channels, got " + channels.size());
    }
    return List.copyOf(channels);
  }

  /** The resume id: {@code Last-Event-ID} (what EventSource sends on reconnecting), else {@code ?since=}. */
  static String since(RoutingContext ctx) {
    String header = ctx.request().getHeader("Last-Event-ID");
    return header != null && !header.isEmpty() ? header : param(ctx, "since");
  }

  private static String param(RoutingContext ctx, String name) {
    try {
      return ctx.request().getParam(name);
    } catch (IllegalArgumentException e) {
      throw new LockstepException(ErrorCode.BAD_REQUEST, "the query string is not properly percent-encoded");
    }
  }
}
