package io.lockstep.sync.sharedb;

import io.lockstep.common.engine.broker.Subscription;
import io.lockstep.common.util.ContextHop;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * ShareDB presence channels on one event loop: one broker subscription per channel, shared by
 * the loop's connections that subscribed to it, so presence reaches clients on every node. The
 * broker is at-most-once, like ShareDB's pub/sub: a lost presence message is repaired by the next
 * one (each carries the whole value).
 */
final class PresenceHub {
  private final ShareDbBackend backend;
  private final Map<String, Channel> channels = new HashMap<>();

  PresenceHub(ShareDbBackend backend) {
    this.backend = backend;
  }

  private static final class Channel {
    final Set<Consumer<JsonObject>> listeners = new LinkedHashSet<>();
    Future<Subscription> subscribed;
  }

  /** Adds a listener; completes once the channel's messages reach it. */
  Future<Void> join(String channel, Consumer<JsonObject> listener) {
    Channel entry = channels.get(channel);
    if (entry == null) {
      Channel opened = new Channel();
      channels.put(channel, opened);
      Context loop = Vertx.currentContext();
      opened.subscribed = ContextHop.resumeOn(loop, backend.subscribePresence(channel, payload -> deliver(opened, payload)));
      opened.subscribed.onFailure(e -> {
        if (channels.get(channel) == opened) {
          channels.remove(channel);
        }
      });
      entry = opened;
    }
    entry.listeners.add(listener);
    return entry.subscribed.mapEmpty();
  }

  void leave(String channel, Consumer<JsonObject> listener) {
    Channel entry = channels.get(channel);
    if (entry != null && entry.listeners.remove(listener) && entry.listeners.isEmpty()) {
      channels.remove(channel);
      entry.subscribed.onSuccess(Subscription::unsubscribe);
    }
  }

  Future<Void> publish(String channel, JsonObject message) {
    return backend.publishPresence(channel, message.toBuffer());
  }

  private static void deliver(Channel channel, Buffer payload) {
    JsonObject message;
    try {
      message = payload.toJsonObject();
    } catch (RuntimeException e) {
      return;
    }
    for (Consumer<JsonObject> listener : Set.copyOf(channel.listeners)) {
      listener.accept(message);
    }
  }
}
