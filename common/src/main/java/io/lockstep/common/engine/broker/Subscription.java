package io.lockstep.common.engine.broker;

import io.vertx.core.Future;

/** One active subscription created by {@link Broker#subscribe}. */
public interface Subscription {

  /** The topic this subscription receives. */
  String topic();

  /**
   * Ends the subscription. Once the returned future completes, the handler is not called again
   * (a message already being handled finishes). When called on the subscriber's own context, no
   * message is handled after this call returns. Idempotent: later calls succeed and do nothing.
   */
  Future<Void> unsubscribe();
}
