package io.lockstep.feed.live;

import io.lockstep.common.engine.broker.Subscription;
import io.lockstep.common.engine.feed.FeedEvent;
import io.lockstep.common.engine.feed.FeedEventCodec;
import io.lockstep.common.engine.feed.FeedId;
import io.lockstep.common.engine.feed.FeedPage;
import io.lockstep.common.engine.feed.FeedTopics;
import io.lockstep.common.util.ContextHop;
import io.lockstep.feed.wire.EncodedEvent;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One channel's live events on one event loop, handed to the streams of that loop that follow it,
 * in {@code seq} order without gaps or repeats, each encoded once.
 *
 * <p>Events arrive through the broker, which may lose some. The channel remembers the last
 * {@code seq} it delivered; an event that skips ahead is held back while the missing ones are read
 * from the log, and events that arrive meanwhile wait behind them. A periodic check
 * ({@link #checkQuiet}) catches a loss with nothing after it. The log is the authority: when it no
 * longer has what was missed, or it has forgotten ids it handed out (a Redis restarted without
 * persistence), the listeners are told to end their streams, and their clients resume by id.
 *
 * <p>Start-up: subscribe first, then read the latest id: every event after that id reaches the
 * subscription, so a listener that joins sees every event after the position it is given.
 *
 * <p>Confined to its event loop; every method runs there.
 */
final class LiveChannel {
  private static final Logger LOG = LoggerFactory.getLogger(LiveChannel.class);
  private static final int FILL_PAGE = 500;
  private static final long FILL_RETRY_MS = 1_000;

  private final String name;
  private final ChannelHub hub;
  private final Set<LiveListener> listeners = new LinkedHashSet<>();
  private final ArrayDeque<FeedEvent> held = new ArrayDeque<>();
  private final Promise<FeedId> ready = Promise.promise();
  private Future<Subscription> subscription;
  /** The last event delivered; null until the channel is ready. */
  private FeedId last;
  private boolean filling;
  private boolean closed;

  LiveChannel(String name, ChannelHub hub) {
    this.name = name;
    this.hub = hub;
  }

  void start() {
    subscription = hub.broker().subscribe(FeedTopics.forChannel(name), this::onPayload);
    ContextHop.resumeOn(hub.context(), subscription.compose(s -> hub.log().latest(name))).onComplete(ar -> {
      if (closed) {
        return;
      }
      if (ar.failed()) {
        ready.fail(ar.cause());
        return;
      }
      last = ar.result();
      ready.complete(last);
      drainHeld();
    });
  }

  /** Whether start-up failed (the broker or log is unreachable), so the hub should start afresh. */
  boolean failed() {
    return ready.future().failed();
  }

  /** Adds {@code listener}; completes with the position after which it receives every event. */
  Future<FeedId> join(LiveListener listener) {
    listeners.add(listener);
    return ready.future().map(started -> last);
  }

  /** Removes {@code listener}; true when it was the last one and the channel has closed. */
  boolean leave(LiveListener listener) {
    listeners.remove(listener);
    if (!listeners.isEmpty()) {
      return false;
    }
    closed = true;
    subscription.onSuccess(Subscription::unsubscribe);
    return true;
  }

  /** Compares with the log now and then: a lost last event, or a log that lost its data. */
  void checkQuiet() {
    if (last == null || filling || closed) {
      return;
    }
    ContextHop.resumeOn(hub.context(), hub.log().latest(name)).onSuccess(latest -> {
      if (closed || filling || last == null) {
        return;
      }
      if (latest.seq() > last.seq()) {
        fill();
      } else if (latest.seq() < last.seq()) {
        LOG.warn("feed channel {}: the log is back at {} after {} (its data was lost); ending its streams", name, latest, last);
        held.clear();
        last = latest;
        broken();
      }
    });
  }

  private void onPayload(Buffer payload) {
    FeedEvent event;
    try {
      event = FeedEventCodec.decode(name, payload);
    } catch (RuntimeException e) {
      LOG.warn("feed channel {}: ignoring a payload that is not a feed event: {}", name, e.getMessage());
      return;
    }
    if (last == null || filling) {
      held.addLast(event);
      return;
    }
    onEvent(event);
  }

  private void onEvent(FeedEvent event) {
    long seq = event.id().seq();
    if (seq <= last.seq()) {
      return;
    }
    if (seq == last.seq() + 1) {
      deliver(event);
      return;
    }
    // Ahead of the next expected one: the broker lost something. Keep it in front of anything held.
    held.addFirst(event);
    fill();
  }

  private void fill() {
    filling = true;
    hub.metrics().gapFilled();
    ContextHop.resumeOn(hub.context(), hub.log().read(name, last, FILL_PAGE)).onComplete(ar -> {
      if (closed) {
        return;
      }
      if (ar.failed()) {
        LOG.warn("feed channel {}: cannot read missed events after {} ({}); retrying", name, last, ar.cause().toString());
        hub.context().owner().setTimer(FILL_RETRY_MS, id -> {
          if (!closed) {
            fill();
          }
        });
        return;
      }
      filled(ar.result());
    });
  }

  private void filled(FeedPage page) {
    if (page.unknown(last)) {
      // The log forgot ids it handed out (a Redis restarted without persistence): start over at its
      // latest; the streams resume by id and get a reset.
      broken();
      last = page.latest();
    } else if (page.missedAfter(last) > 0) {
      // Events were trimmed before this node could read them: its streams must resume by id.
      broken();
      if (page.events().isEmpty()) {
        last = page.latest();
      }
    }
    for (FeedEvent event : page.events()) {
      if (event.id().seq() > last.seq()) {
        deliver(event);
      }
    }
    filling = false;
    if (page.latest().seq() > last.seq()) {
      fill();
      return;
    }
    drainHeld();
  }

  private void drainHeld() {
    while (!held.isEmpty() && !filling && !closed) {
      onEvent(held.pollFirst());
    }
  }

  private void deliver(FeedEvent event) {
    last = event.id();
    EncodedEvent encoded = EncodedEvent.of(event);
    for (LiveListener listener : new ArrayList<>(listeners)) {
      listener.onLive(encoded);
    }
  }

  private void broken() {
    for (LiveListener listener : new ArrayList<>(listeners)) {
      listener.onBroken();
    }
  }
}
