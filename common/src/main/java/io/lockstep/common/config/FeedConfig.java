package io.lockstep.common.config;

import io.vertx.core.json.JsonObject;

/**
 * Settings of the feed service (PROTOCOL.md §4). Every one has a flag ({@code --feed-retain-events})
 * and a documented default in docs/configuration.md.
 *
 * @param retainEvents events kept per channel for resume; older ones are trimmed
 * @param retainMs events older than this are trimmed too (whichever bound is reached first)
 * @param heartbeatMs a comment line is sent on an idle stream this often (at most 15 s keeps proxies open)
 * @param retryMs the reconnection delay announced to EventSource clients in {@code retry:}
 * @param maxBufferedBytes bytes queued for one stream whose reader is slow; past it the stream is
 *     closed and the client resumes from its last event id
 * @param maxChannels channels one stream may follow ({@code GET /feeds?channels=a,b})
 * @param maxEventBytes largest published event body ({@code 413 too_large} past it)
 */
public record FeedConfig(
    int retainEvents,
    int retainMs,
    int heartbeatMs,
    int retryMs,
    int maxBufferedBytes,
    int maxChannels,
    int maxEventBytes) {

  public static final FeedConfig DEFAULTS = new FeedConfig(10_000, 86_400_000, 15_000, 2_000, 1024 * 1024, 32, 64 * 1024);

  public FeedConfig {
    Positive.check("retainEvents", retainEvents);
    Positive.check("retainMs", retainMs);
    Positive.check("heartbeatMs", heartbeatMs);
    Positive.check("retryMs", retryMs);
    Positive.check("maxBufferedBytes", maxBufferedBytes);
    Positive.check("maxChannels", maxChannels);
    Positive.check("maxEventBytes", maxEventBytes);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("retainEvents", retainEvents).put("retainMs", retainMs).put("heartbeatMs", heartbeatMs)
        .put("retryMs", retryMs).put("maxBufferedBytes", maxBufferedBytes).put("maxChannels", maxChannels)
        .put("maxEventBytes", maxEventBytes);
  }

  /** Reads settings written by {@link #toJson()}; missing fields take their default. */
  public static FeedConfig fromJson(JsonObject json) {
    FeedConfig d = DEFAULTS;
    if (json == null) {
      return d;
    }
    return new FeedConfig(
        json.getInteger("retainEvents", d.retainEvents), json.getInteger("retainMs", d.retainMs),
        json.getInteger("heartbeatMs", d.heartbeatMs), json.getInteger("retryMs", d.retryMs),
        json.getInteger("maxBufferedBytes", d.maxBufferedBytes), json.getInteger("maxChannels", d.maxChannels),
        json.getInteger("maxEventBytes", d.maxEventBytes));
  }
}
