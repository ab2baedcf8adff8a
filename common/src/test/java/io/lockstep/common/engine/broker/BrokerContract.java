package io.lockstep.common.engine.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.common.testing.VertxContexts;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The behaviour every {@link Broker} must have (see its Javadoc), run once per implementation by a
 * subclass that only says how to build one. Implementation-agnostic: topics are unique per test, no
 * test sleeps, and "nothing more arrives" is shown by a later message overtaking nothing.
 */
@ExtendWith(VertxExtension.class)
public abstract class BrokerContract {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private Broker broker;
  private String topic;

  /** A fresh broker on {@code vertx}, ready to use. */
  protected abstract Broker newBroker(Vertx vertx);

  /** Releases what {@link #newBroker} acquired (connections); nothing by default. */
  protected Future<Void> dispose(Broker broker) {
    return Future.succeededFuture();
  }

  @BeforeEach
  void createBroker(Vertx vertx) {
    broker = newBroker(vertx);
    topic = "contract:" + UUID.randomUUID();
  }

  @AfterEach
  void disposeBroker() throws Exception {
    dispose(broker).await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Test
  void subscriberReceivesWhatIsPublishedToItsTopic(Vertx vertx, VertxTestContext test) {
    broker.subscribe(topic, payload -> test.verify(() -> {
      assertThat(payload.toString()).isEqualTo("hello");
      test.completeNow();
    })).compose(subscription -> broker.publish(topic, Buffer.buffer("hello")))
        .onFailure(test::failNow);
  }

  @Test
  void messagesOfOneTopicArriveInPublishOrder(Vertx vertx, VertxTestContext test) {
    int count = 1000;
    List<String> received = new ArrayList<>();
    VertxContexts.eventLoops(vertx, 2).compose(contexts -> {
      Context subscriber = contexts.get(0);
      Context publisher = contexts.get(1);
      return VertxContexts.on(subscriber, () -> broker.subscribe(topic, payload -> {
        received.add(payload.toString());
        if (received.size() == count) {
          test.verify(() -> assertThat(received).containsExactlyElementsOf(numbered(count)));
          test.completeNow();
        }
      })).compose(subscription -> VertxContexts.on(publisher, () -> publishNumbered(topic, count)));
    }).onFailure(test::failNow);
  }

  @Test
  void everySubscriptionReceivesEveryMessageInOrder(Vertx vertx, VertxTestContext test) {
    int count = 300;
    int subscribers = 3;
    List<Checkpoint> done = new ArrayList<>();
    for (int i = 0; i < subscribers; i++) {
      done.add(test.checkpoint());
    }
    VertxContexts.eventLoops(vertx, subscribers + 1).compose(contexts -> {
      List<Future<Subscription>> subscriptions = new ArrayList<>();
      for (int i = 0; i < subscribers; i++) {
        List<String> received = new ArrayList<>();
        Checkpoint finished = done.get(i);
        subscriptions.add(VertxContexts.on(contexts.get(i), () -> broker.subscribe(topic, payload -> {
          received.add(payload.toString());
          if (received.size() == count) {
            test.verify(() -> assertThat(received).containsExactlyElementsOf(numbered(count)));
            finished.flag();
          }
        })));
      }
      return Future.all(subscriptions)
          .compose(all -> VertxContexts.on(contexts.get(subscribers), () -> publishNumbered(topic, count)));
    }).onFailure(test::failNow);
  }

  @Test
  void twoSubscriptionsOnOneContextAreIndependent(Vertx vertx, VertxTestContext test) {
    Checkpoint first = test.checkpoint();
    Checkpoint second = test.checkpoint();
    VertxContexts.eventLoops(vertx, 1).compose(contexts -> VertxContexts.on(contexts.get(0), () ->
        broker.subscribe(topic, payload -> first.flag())
            .compose(s -> broker.subscribe(topic, payload -> second.flag()))
            .compose(s -> broker.publish(topic, Buffer.buffer("once")))))
        .onFailure(test::failNow);
  }

  @Test
  void subscriberReceivesOnlyItsOwnTopic(Vertx vertx, VertxTestContext test) {
    String other = topic + ":other";
    int count = 50;
    Checkpoint mineDone = test.checkpoint();
    Checkpoint theirsDone = test.checkpoint();
    List<String> mine = new CopyOnWriteArrayList<>();
    List<String> theirs = new CopyOnWriteArrayList<>();
    broker.subscribe(topic, payload -> {
      test.verify(() -> assertThat(payload.toString()).startsWith("mine-"));
      if (mine.add(payload.toString()) && mine.size() == count) {
        mineDone.flag();
      }
    }).compose(s -> broker.subscribe(other, payload -> {
      test.verify(() -> assertThat(payload.toString()).startsWith("theirs-"));
      if (theirs.add(payload.toString()) && theirs.size() == count) {
        theirsDone.flag();
      }
    })).compose(s -> {
      Future<Void> last = Future.succeededFuture();
      for (int i = 0; i < count; i++) {
        String n = String.valueOf(i);
        last = last.compose(v -> broker.publish(other, Buffer.buffer("theirs-" + n)))
            .compose(v -> broker.publish(topic, Buffer.buffer("mine-" + n)));
      }
      return last;
    }).onFailure(test::failNow);
  }

  @Test
  void handlerRunsOnTheContextThatSubscribed(Vertx vertx, VertxTestContext test) {
    VertxContexts.eventLoops(vertx, 2).compose(contexts -> {
      Context subscriber = contexts.get(0);
      return VertxContexts.on(subscriber, () -> broker.subscribe(topic, payload -> test.verify(() -> {
        assertThat(Vertx.currentContext()).isSameAs(subscriber);
        test.completeNow();
      }))).compose(s -> VertxContexts.on(contexts.get(1), () -> broker.publish(topic, Buffer.buffer("x"))));
    }).onFailure(test::failNow);
  }

  @Test
  void unsubscribedHandlerReceivesNothingMore(Vertx vertx, VertxTestContext test) {
    // Both subscriptions share one context, and the stopped one was subscribed first: had it still
    // been subscribed, its delivery of "b" would be queued ahead of the live one's.
    List<String> stopped = new ArrayList<>();
    VertxContexts.eventLoops(vertx, 1).compose(contexts -> VertxContexts.on(contexts.get(0), () ->
        broker.subscribe(topic, payload -> stopped.add(payload.toString()))
            .compose(first -> broker.subscribe(topic, payload -> {
              if (payload.toString().equals("b")) {
                contexts.get(0).runOnContext(ignored -> test.verify(() -> {
                  assertThat(stopped).isEmpty();
                  test.completeNow();
                }));
              }
            }).compose(second -> first.unsubscribe()))
            .compose(v -> broker.publish(topic, Buffer.buffer("a")))
            .compose(v -> broker.publish(topic, Buffer.buffer("b")))))
        .onFailure(test::failNow);
  }

  @Test
  void unsubscribingTwiceIsHarmless(VertxTestContext test) {
    broker.subscribe(topic, payload -> test.failNow("unsubscribed handler was called"))
        .compose(s -> s.unsubscribe().compose(v -> s.unsubscribe()).map(v -> s))
        .onComplete(test.succeeding(s -> test.verify(() -> {
          assertThat(s.topic()).isEqualTo(topic);
          test.completeNow();
        })));
  }

  @Test
  void publishingWithoutSubscribersSucceeds(VertxTestContext test) {
    broker.publish(topic, Buffer.buffer("nobody listens")).onComplete(test.succeedingThenComplete());
  }

  @Test
  void handlerThatThrowsDoesNotStopLaterDeliveries(Vertx vertx, VertxTestContext test) {
    Checkpoint reported = test.checkpoint();
    Checkpoint delivered = test.checkpoint();
    VertxContexts.eventLoops(vertx, 1).compose(contexts -> {
      Context subscriber = contexts.get(0);
      subscriber.exceptionHandler(e -> {
        if ("boom".equals(e.getMessage())) {
          reported.flag();
        }
      });
      return VertxContexts.on(subscriber, () -> broker.subscribe(topic, payload -> {
        if (payload.toString().equals("boom")) {
          throw new IllegalStateException("boom");
        }
        delivered.flag();
      })).compose(s -> broker.publish(topic, Buffer.buffer("boom")))
          .compose(v -> broker.publish(topic, Buffer.buffer("after")));
    }).onFailure(test::failNow);
  }

  private Future<Void> publishNumbered(String to, int count) {
    // Published one after another (each after the previous future): one publisher, one order.
    Future<Void> last = Future.succeededFuture();
    for (int i = 0; i < count; i++) {
      String message = "m" + i;
      last = last.compose(v -> broker.publish(to, Buffer.buffer(message)));
    }
    return last;
  }

  private static List<String> numbered(int count) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add("m" + i);
    }
    return out;
  }
}
