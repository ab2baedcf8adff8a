package io.lockstep.feed.live;

import io.lockstep.common.engine.broker.Broker;
import io.lockstep.common.engine.feed.FeedId;
import io.lockstep.common.engine.feed.FeedLog;
import io.lockstep.feed.metrics.FeedMetrics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

/**
 * The live channels of one event loop: one broker subscription per channel that a stream on this
 * loop follows, however many streams follow it, so each event is decoded and encoded once per loop.
 * Confined to its loop, like the streams it serves.
 */
public final class ChannelHub {
  /** How often each channel compares its position with the log's (a lost last event shows up here). */
  static final long QUIET_CHECK_MS = 5_000;

  private final Context context;
  private final FeedLog log;
  private final Broker broker;
  private final FeedMetrics metrics;
  private final Map<String, LiveChannel> channels = new HashMap<>();
  private final long timer;

  /** A hub on the current event loop; call from that loop. */
  public ChannelHub(Context context, FeedLog log, Broker broker, FeedMetrics metrics) {
    this.context = context;
    this.log = log;
    this.broker = broker;
    this.metrics = metrics;
    this.timer = context.owner().setPeriodic(QUIET_CHECK_MS, id -> new ArrayList<>(channels.values()).forEach(LiveChannel::checkQuiet));
  }

  /**
   * Makes {@code listener} follow {@code channel}; completes with the position after which it gets
   * every event, or fails when the broker or log is unreachable (the listener is then not joined).
   */
  public Future<FeedId> join(String channel, LiveListener listener) {
    LiveChannel live = channels.get(channel);
    if (live == null || live.failed()) {
      live = new LiveChannel(channel, this);
      channels.put(channel, live);
      live.start();
    }
    LiveChannel joined = live;
    return live.join(listener).onFailure(e -> leave(channel, listener, joined));
  }

  /** Stops {@code listener} following {@code channel}. */
  public void leave(String channel, LiveListener listener) {
    LiveChannel live = channels.get(channel);
    if (live != null) {
      leave(channel, listener, live);
    }
  }

  /** Stops the periodic check; the streams close their own channels. */
  public void close() {
    context.owner().cancelTimer(timer);
  }

  private void leave(String channel, LiveListener listener, LiveChannel live) {
    if (live.leave(listener) && channels.get(channel) == live) {
      channels.remove(channel);
    }
  }

  Context context() {
    return context;
  }

  FeedLog log() {
    return log;
  }

  Broker broker() {
    return broker;
  }

  FeedMetrics metrics() {
    return metrics;
  }
}
