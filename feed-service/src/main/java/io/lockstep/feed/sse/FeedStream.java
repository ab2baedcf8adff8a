package io.lockstep.feed.sse;

import io.lockstep.common.config.FeedConfig;
import io.lockstep.common.engine.feed.FeedEvent;
import io.lockstep.common.engine.feed.FeedId;
import io.lockstep.common.engine.feed.FeedLog;
import io.lockstep.common.engine.feed.FeedPage;
import io.lockstep.common.util.ContextHop;
import io.lockstep.edge.service.ConnectionCap;
import io.lockstep.edge.ws.LoopFlusher;
import io.lockstep.feed.live.ChannelHub;
import io.lockstep.feed.live.LiveListener;
import io.lockstep.feed.metrics.FeedMetrics;
import io.lockstep.feed.wire.EncodedEvent;
import io.lockstep.feed.wire.SseFrames;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One SSE response following one or more channels: it joins each channel's live events, replays
 * what the client missed from the log, then writes live events, in order, with no gap and no
 * repeat.
 *
 * <p>Resume without a gap: a channel is joined first (its live events from then on are kept aside),
 * then the log is replayed after the client's id up to its end, which is at or past the join
 * position; then the kept events are written, skipping any the replay already wrote. Each channel
 * keeps its position, and an event at or before it is never written twice.
 *
 * <p>Bounded memory: the response's write queue is capped at {@code maxBufferedBytes}. A live event
 * or heartbeat that finds the queue full closes the connection (the client resumes by id); during
 * replay the stream waits for the queue to drain between pages instead. Live events kept aside while
 * replaying count against the same bound. What is written in one loop turn goes out as one chunk
 * ({@link SseOutbound}).
 *
 * <p>Token expiry: at the token's {@code exp} plus the grace the stream writes
 * {@code event: expired} (data {@code {"reason":"token expired"}}, no id) and ends, so the client
 * reconnects with a fresh token and its last id, losing nothing.
 *
 * <p>Confined to the event loop of its request.
 */
public final class FeedStream implements OpenStreams.Endable {
  static final int REPLAY_PAGE = 200;

  private final HttpServerResponse response;
  private final SseOutbound out;
  private final Context context;
  private final FeedConfig config;
  private final FeedLog log;
  private final FeedMetrics metrics;
  private final OpenStreams streams;
  private final ChannelHub hub;
  private final StreamCursor cursor;
  private final ConnectionCap.Slot slot;
  private final Map<String, Follower> followers = new HashMap<>();
  private final Promise<Void> ended = Promise.promise();
  private int keptBytes;
  private long heartbeatTimer = -1;
  private long expiryTimer = -1;
  private boolean opened;
  private boolean closed;

  /**
   * A stream on {@code response}, served on {@code context} (whose loop's {@code flusher} writes it),
   * registered with {@code streams} while it is open; it gives {@code slot} back when it ends.
   */
  public FeedStream(HttpServerResponse response, Context context, LoopFlusher flusher, FeedConfig config, FeedLog log,
      FeedMetrics metrics, OpenStreams streams, ChannelHub hub, StreamCursor cursor, ConnectionCap.Slot slot) {
    this.response = response;
    this.out = new SseOutbound(response, flusher, config.maxBufferedBytes());
    this.context = context;
    this.config = config;
    this.log = log;
    this.metrics = metrics;
    this.streams = streams;
    this.hub = hub;
    this.cursor = cursor;
    this.slot = slot;
  }

  /**
   * Joins every channel, then opens the stream and replays from {@code since} (null: live only).
   * Fails, with nothing written, when a channel cannot be joined (broker or log down).
   *
   * @param expiresAtMs when the caller's token expires; the stream ends then
   */
  public Future<Void> start(Map<String, FeedId> since, long expiresAtMs) {
    response.closeHandler(v -> cleanUp());
    List<Future<FeedId>> joins = new ArrayList<>();
    for (String channel : cursor.channels()) {
      Follower follower = new Follower(channel);
      followers.put(channel, follower);
      joins.add(hub.join(channel, follower).onSuccess(position -> cursor.move(channel, position)));
    }
    return Future.all(joins).<Void>mapEmpty().onSuccess(v -> open(since, expiresAtMs)).onFailure(e -> cleanUp());
  }

  @Override
  public Future<Void> end() {
    ContextHop.call(context, () -> {
      if (!closed) {
        out.end();
        cleanUp();
      }
      return Future.succeededFuture();
    });
    return ended.future();
  }

  private void open(Map<String, FeedId> since, long expiresAtMs) {
    if (closed) {
      return;
    }
    if (!streams.add(this)) {
      response.setStatusCode(503).end();
      cleanUp();
      return;
    }
    opened = true;
    metrics.streamOpened();
    response.setWriteQueueMaxSize(config.maxBufferedBytes());
    response.setStatusCode(200).setChunked(true)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-cache")
        .putHeader("X-Accel-Buffering", "no");
    out.write(SseFrames.retry(config.retryMs()));
    heartbeatTimer = context.owner().setPeriodic(config.heartbeatMs(), id -> heartbeat());
    if (expiresAtMs != Long.MAX_VALUE) {
      expiryTimer = context.owner().setTimer(Math.max(1, expiresAtMs - System.currentTimeMillis()), id -> expired());
    }
    if (since == null) {
      followers.values().forEach(Follower::goLive);
      return;
    }
    replay(cursor.channels(), 0, since);
  }

  private void expired() {
    if (!closed) {
      out.write(SseFrames.EXPIRED);
      out.end();
      cleanUp();
    }
  }

  /** Replays the channels one after the other, each from its position in {@code since}. */
  private void replay(List<String> channels, int index, Map<String, FeedId> since) {
    if (closed || index == channels.size()) {
      return;
    }
    String channel = channels.get(index);
    cursor.move(channel, since.get(channel));
    readPage(channel).onSuccess(v -> {
      followers.get(channel).goLive();
      replay(channels, index + 1, since);
    }).onFailure(e -> close());
  }

  /** Writes one page of the channel's history after its position, then the next, until the end. */
  private Future<Void> readPage(String channel) {
    FeedId after = cursor.position(channel);
    return ContextHop.resumeOn(context, log.read(channel, after, REPLAY_PAGE)).compose(page -> {
      if (closed) {
        return Future.succeededFuture();
      }
      if (page.unknown(after)) {
        reset(channel, null, page);
        cursor.move(channel, FeedId.NONE);
        return readPage(channel);
      }
      long missed = page.missedAfter(after);
      if (missed > 0) {
        reset(channel, missed, page);
      }
      for (FeedEvent event : page.events()) {
        write(channel, EncodedEvent.of(event));
      }
      if (page.events().size() < REPLAY_PAGE) {
        return Future.succeededFuture();
      }
      return drained().compose(v -> readPage(channel));
    });
  }

  private Future<Void> drained() {
    out.flush();
    if (!response.writeQueueFull()) {
      return Future.succeededFuture();
    }
    Promise<Void> drained = Promise.promise();
    response.drainHandler(v -> drained.tryComplete());
    return drained.future();
  }

  /** {@code event: reset}: events after the client's id are gone ({@code lost} null: unknown how many). */
  private void reset(String channel, Long lost, FeedPage page) {
    metrics.reset();
    JsonObject data = new JsonObject().put("channel", channel).put("lost", lost)
        .put("oldest", page.oldest() == null ? null : page.oldest().toString())
        .put("latest", page.latest().toString());
    out.write(SseFrames.body("reset", data.encode()));
  }

  private void write(String channel, EncodedEvent event) {
    if (closed || event.event().id().seq() <= cursor.position(channel).seq()) {
      return;
    }
    cursor.move(channel, event.event().id());
    out.write(cursor.composite() ? SseFrames.withId(cursor.id(), event.body()) : event.framed());
    metrics.delivered();
  }

  private void writeLive(String channel, EncodedEvent event) {
    if (out.full()) {
      slowReader();
      return;
    }
    write(channel, event);
  }

  private void heartbeat() {
    if (closed) {
      return;
    }
    if (out.full()) {
      slowReader();
      return;
    }
    out.write(SseFrames.HEARTBEAT);
  }

  private void slowReader() {
    metrics.slowReaderClosed();
    close();
  }

  /** Drops the connection at once: a reader that does not read would never see a clean end. */
  private void close() {
    if (!closed) {
      out.abandon();
      response.reset();
      cleanUp();
    }
  }

  private void cleanUp() {
    if (closed) {
      return;
    }
    closed = true;
    slot.release();
    out.abandon();
    context.owner().cancelTimer(heartbeatTimer);
    context.owner().cancelTimer(expiryTimer);
    followers.forEach((channel, follower) -> hub.leave(channel, follower));
    followers.clear();
    if (opened) {
      streams.remove(this);
      metrics.streamClosed();
    }
    ended.tryComplete();
  }

  /** The stream's side of one channel: live events are kept aside until its replay is done. */
  private final class Follower implements LiveListener {
    private final String channel;
    private List<EncodedEvent> kept = new ArrayList<>();

    Follower(String channel) {
      this.channel = channel;
    }

    void goLive() {
      List<EncodedEvent> waiting = kept;
      kept = null;
      keptBytes -= waiting.stream().mapToInt(e -> e.framed().length()).sum();
      waiting.forEach(event -> writeLive(channel, event));
    }

    @Override
    public void onLive(EncodedEvent event) {
      if (closed) {
        return;
      }
      if (kept == null) {
        writeLive(channel, event);
        return;
      }
      kept.add(event);
      keptBytes += event.framed().length();
      if (keptBytes > config.maxBufferedBytes()) {
        slowReader();
      }
    }

    @Override
    public void onBroken() {
      close();
    }
  }
}
