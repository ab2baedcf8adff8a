package io.lockstep.sync.cluster;

import io.lockstep.common.bus.Addresses;
import io.lockstep.common.bus.BusErrors;
import io.lockstep.sync.sequencer.RoutedCall;
import io.lockstep.sync.sequencer.Sequencer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;

/**
 * This node's private owner address ({@link Addresses#syncOwner}): runs the sequencer calls other
 * nodes forward here on this node's own sequencers — without routing them again, so nodes that
 * briefly disagree about an owner never bounce a call back and forth — and replies with the result
 * (a {@code Long}, {@code Snapshot} or {@code OpsRange}) or fails with the call's error code. A
 * message with the {@value #PING} header is a probe ({@link Ownership}) and gets an empty reply.
 */
final class OwnerEndpoint {
  static final String PING = "lockstep-ping";

  private OwnerEndpoint() {}

  /** Registers the consumer; completes once the whole cluster can reach it. */
  static Future<MessageConsumer<Object>> register(Vertx vertx, String self, Sequencer here) {
    MessageConsumer<Object> consumer = vertx.eventBus().consumer(Addresses.syncOwner(self), message -> handle(message, here));
    return consumer.completion().map(v -> consumer);
  }

  /** Asks {@code member}'s owner endpoint to answer; fails when it has none or does not answer in time. */
  static Future<?> probe(Vertx vertx, String member) {
    return vertx.eventBus().request(Addresses.syncOwner(member), null,
        new DeliveryOptions().addHeader(PING, "1").setSendTimeout(Forwarder.TIMEOUT_MS));
  }

  private static void handle(Message<Object> message, Sequencer here) {
    if (message.headers().contains(PING)) {
      message.reply(null);
      return;
    }
    if (!(message.body() instanceof RoutedCall<?> call)) {
      BusErrors.fail(message, new IllegalArgumentException("not a sequencer call: " + message.body()));
      return;
    }
    Future<?> result;
    try {
      result = call.runOn(here);
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    result.onComplete(ar -> {
      if (ar.succeeded()) {
        message.reply(ar.result());
      } else {
        BusErrors.fail(message, ar.cause());
      }
    });
  }
}
