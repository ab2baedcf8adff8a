package io.lockstep.feed.publish;

import io.lockstep.common.engine.feed.AppendResult;
import io.lockstep.common.engine.feed.FeedId;
import io.lockstep.common.engine.feed.FeedLog;
import io.lockstep.feed.metrics.FeedMetrics;
import io.vertx.core.Future;

/**
 * Appends events to the log and counts them: publications from clients and internal publishers
 * (never de-duplicated), and the built-in channels' events (de-duplicated by a key, since every node
 * of a cluster may offer the same one).
 */
public final class Publisher {
  private final FeedLog log;
  private final FeedMetrics metrics;

  public Publisher(FeedLog log, FeedMetrics metrics) {
    this.log = log;
    this.metrics = metrics;
  }

  /** Appends {@code publication} to {@code channel} (already checked); completes with its id. */
  public Future<FeedId> publish(String channel, Publication publication) {
    return log.append(channel, publication.type(), publication.data(), null).map(result -> {
      metrics.published();
      return ((AppendResult.Appended) result).event().id();
    });
  }

  /** Appends a built-in event unless {@code key} was appended recently by any node. */
  public Future<Void> offer(String channel, String type, String data, String key) {
    return log.append(channel, type, data, key).map(result -> {
      if (result instanceof AppendResult.Appended) {
        metrics.published();
      }
      return null;
    });
  }
}
