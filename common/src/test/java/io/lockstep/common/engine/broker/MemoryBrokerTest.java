package io.lockstep.common.engine.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class MemoryBrokerTest extends BrokerContract {

  @Override
  protected Broker newBroker(Vertx vertx) {
    return new MemoryBroker(vertx);
  }

  @Test
  void topicWithoutSubscriptionsLeavesNothingBehind(Vertx vertx) {
    MemoryBroker broker = new MemoryBroker(vertx);

    Subscription a = broker.subscribe("t1", payload -> {}).await();
    Subscription b = broker.subscribe("t1", payload -> {}).await();
    broker.subscribe("t2", payload -> {}).await().unsubscribe().await();
    assertThat(broker.topicCount()).isEqualTo(1);

    a.unsubscribe().await();
    b.unsubscribe().await();
    broker.publish("t1", Buffer.buffer("x")).await();
    assertThat(broker.topicCount()).isZero();
  }

  @Test
  void topicNamesCarryTheDocumentAsAHashTag() {
    assertThat(OpTopics.forDoc("notes/1")).isEqualTo("ops:{notes/1}");
  }
}
