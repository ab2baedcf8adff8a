package io.lockstep.feed.publish;

import io.lockstep.common.bus.Addresses;
import io.lockstep.common.bus.BusErrors;
import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.LockstepException;
import io.lockstep.feed.channels.Channels;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

/**
 * {@code lockstep.feed.publish}: internal publishers send {@code {"channel","event"?,"data"}}; the
 * event is appended like an HTTP publish (same channel and size rules, no token: the bus is trusted).
 * A sender that expects a reply ({@code request}) gets {@code {"id"}} or a failure with the error's
 * code ({@link BusErrors}); a plain {@code send} gets nothing either way.
 */
public final class FeedBusApi {
  private final MessageConsumer<Object> consumer;

  private FeedBusApi(MessageConsumer<Object> consumer) {
    this.consumer = consumer;
  }

  /** Registers the consumer; completes once it is registered (cluster-wide with {@code --cluster}). */
  public static Future<FeedBusApi> start(EventBus bus, Publisher publisher, int maxEventBytes) {
    MessageConsumer<Object> consumer = bus.consumer(Addresses.FEED_PUBLISH, message -> handle(message, publisher, maxEventBytes));
    return consumer.completion().map(v -> new FeedBusApi(consumer));
  }

  public Future<Void> close() {
    return consumer.unregister();
  }

  private static void handle(Message<Object> message, Publisher publisher, int maxEventBytes) {
    Future<JsonObject> reply;
    try {
      if (!(message.body() instanceof JsonObject body)) {
        throw new LockstepException(ErrorCode.BAD_REQUEST, "the body must be a JSON object {\"channel\",\"event\"?,\"data\"}");
      }
      if (!(body.getValue("channel") instanceof String channel)) {
        throw new LockstepException(ErrorCode.BAD_REQUEST, "field channel must be a string");
      }
      Channels.requirePublishable(channel);
      if (!body.containsKey("data")) {
        throw new LockstepException(ErrorCode.BAD_REQUEST, "field data is missing");
      }
      Object event = body.getValue("event", Publication.MESSAGE);
      if (!(event instanceof String type)) {
        throw new LockstepException(ErrorCode.BAD_REQUEST, "field event must be a string");
      }
      Publication publication = Publication.of(type, body.getValue("data"), maxEventBytes);
      reply = publisher.publish(channel, publication).map(id -> new JsonObject().put("id", id.toString()));
    } catch (LockstepException e) {
      reply = Future.failedFuture(e);
    }
    if (message.replyAddress() == null) {
      return;
    }
    reply.onSuccess(message::reply).onFailure(e -> BusErrors.fail(message, e));
  }
}
