package io.lockstep.presence.bus;

import io.lockstep.common.bus.Addresses;
import io.lockstep.common.bus.BusErrors;
import io.lockstep.common.engine.presence.PresenceStore;
import io.lockstep.common.engine.presence.StoredMember;
import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.Ids;
import io.lockstep.common.protocol.LockstepException;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Serves {@code lockstep.presence.query}: request {@code {"room"}}, reply {@code {"room","members":[…]}}
 * with every live member, read from the store (so any node answers for any room). Fails with 400
 * for a missing or bad room and 503 when the store cannot be reached.
 */
public final class PresenceQueries {
  private final MessageConsumer<Object> consumer;

  private PresenceQueries(MessageConsumer<Object> consumer) {
    this.consumer = consumer;
  }

  /** Registers the consumer; completes once it is registered (cluster-wide, with a clustered bus). */
  public static Future<PresenceQueries> start(EventBus bus, PresenceStore store) {
    MessageConsumer<Object> consumer = bus.consumer(Addresses.PRESENCE_QUERY, message -> answer(message, store));
    return consumer.completion().map(v -> new PresenceQueries(consumer));
  }

  public Future<Void> close() {
    return consumer.unregister();
  }

  private static void answer(Message<Object> message, PresenceStore store) {
    String room;
    try {
      room = room(message.body());
    } catch (LockstepException e) {
      BusErrors.fail(message, e);
      return;
    }
    store.members(room).onComplete(ar -> {
      if (ar.failed()) {
        BusErrors.fail(message, ar.cause());
        return;
      }
      JsonArray members = new JsonArray();
      for (StoredMember m : ar.result().members()) {
        members.add(m.member().toJson());
      }
      message.reply(new JsonObject().put("room", room).put("members", members));
    });
  }

  private static String room(Object body) {
    if (!(body instanceof JsonObject json) || !(json.getValue("room") instanceof String room)) {
      throw new LockstepException(ErrorCode.BAD_REQUEST, "the body must be a JSON object with a string room");
    }
    return Ids.requireRoom(room);
  }
}
