package io.lockstep.common.engine.feed;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.common.engine.broker.Broker;
import io.lockstep.common.engine.broker.Subscription;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The behaviour every {@link FeedLog} must have (see its Javadoc), run once per implementation by a
 * subclass that says how to build the log and its broker. Time is a test clock, so trimming by age
 * needs no waiting; every test uses a fresh channel.
 */
@ExtendWith(VertxExtension.class)
public abstract class FeedLogContract {
  private static final long T0 = 1_700_000_000_000L;
  private static final long DEDUPE_MS = 60_000;

  protected final AtomicLong clock = new AtomicLong(T0);
  private Vertx vertx;
  private Broker broker;
  private final List<Supplier<Future<Void>>> toDispose = new ArrayList<>();
  private String channel;

  /** A fresh broker on {@code vertx}. */
  protected abstract Broker newBroker(Vertx vertx);

  /** A fresh log publishing on {@code broker}, reading time from {@link #clock}. */
  protected abstract FeedLog newLog(Vertx vertx, Broker broker, int retainEvents, long retainMs, long dedupeMs);

  /** Releases what {@link #newLog} acquired; nothing by default. */
  protected Future<Void> dispose(FeedLog log) {
    return Future.succeededFuture();
  }

  /** Releases what {@link #newBroker} acquired; nothing by default. */
  protected Future<Void> dispose(Broker broker) {
    return Future.succeededFuture();
  }

  @BeforeEach
  void createBroker(Vertx vertx) {
    this.vertx = vertx;
    broker = newBroker(vertx);
    Broker built = broker;
    toDispose.add(() -> dispose(built));
    channel = "contract/" + UUID.randomUUID();
  }

  @AfterEach
  void disposeAll() {
    for (int i = toDispose.size() - 1; i >= 0; i--) {
      await(toDispose.get(i).get());
    }
  }

  protected FeedLog log(int retainEvents, long retainMs) {
    FeedLog log = newLog(vertx, broker, retainEvents, retainMs, DEDUPE_MS);
    toDispose.add(() -> dispose(log));
    return log;
  }

  // ---- ids ----

  @Test
  void emptyChannelHasNoEventsAndNoLatestId() {
    FeedLog log = log(100, 60_000);
    FeedPage page = await(log.read(channel, FeedId.NONE, 10));
    assertThat(page.events()).isEmpty();
    assertThat(page.oldest()).isNull();
    assertThat(page.latest()).isEqualTo(FeedId.NONE);
    assertThat(page.missedAfter(FeedId.NONE)).isZero();
    assertThat(await(log.latest(channel))).isEqualTo(FeedId.NONE);
  }

  @Test
  void appendedEventsAreNumberedFromOneWithoutGapsAndReadBackInOrder() {
    FeedLog log = log(100, 60_000);
    List<FeedEvent> appended = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      clock.addAndGet(i % 2);
      appended.add(appended(await(log.append(channel, "message", "{\"n\":" + i + "}", null))));
    }

    assertThat(appended).extracting(e -> e.id().seq()).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(appended.get(0).id().ms()).isEqualTo(T0 + 1);
    assertThat(await(log.read(channel, FeedId.NONE, 100)).events()).containsExactlyElementsOf(appended);
    assertThat(await(log.latest(channel))).isEqualTo(appended.get(4).id());
  }

  @Test
  void readReturnsOnlyEventsAfterTheIdUpToTheLimit() {
    FeedLog log = log(100, 60_000);
    List<FeedEvent> appended = appendMany(log, 10);

    FeedPage page = await(log.read(channel, appended.get(3).id(), 4));

    assertThat(page.events()).containsExactlyElementsOf(appended.subList(4, 8));
    assertThat(page.missedAfter(appended.get(3).id())).isZero();
    assertThat(page.latest()).isEqualTo(appended.get(9).id());
    assertThat(await(log.read(channel, appended.get(9).id(), 4)).events()).isEmpty();
  }

  @Test
  void timeInIdsNeverGoesBackEvenWhenTheClockDoes() {
    FeedLog log = log(100, 600_000);
    FeedEvent first = appended(await(log.append(channel, "message", "1", null)));
    clock.addAndGet(-5_000);
    FeedEvent second = appended(await(log.append(channel, "message", "2", null)));

    assertThat(second.id().ms()).isEqualTo(first.id().ms());
    assertThat(second.id().seq()).isEqualTo(2);
    assertThat(await(log.read(channel, first.id(), 10)).events()).containsExactly(second);
  }

  @Test
  void channelsAreNumberedIndependently() {
    FeedLog log = log(100, 60_000);
    String other = channel + "-other";
    appendMany(log, 3);
    FeedEvent elsewhere = appended(await(log.append(other, "message", "{}", null)));

    assertThat(elsewhere.id().seq()).isEqualTo(1);
    assertThat(await(log.read(other, FeedId.NONE, 10)).events()).containsExactly(elsewhere);
  }

  @Test
  void concurrentAppendersGetDistinctGaplessIds() {
    FeedLog log = log(1000, 60_000);
    List<Future<AppendResult>> all = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      int appender = i;
      all.addAll(await(vertx.executeBlocking(() -> IntStream.range(0, 50)
          .mapToObj(n -> log.append(channel, "message", "{\"a\":" + appender + "}", null)).toList())));
    }
    Set<Long> seqs = new TreeSet<>();
    for (Future<AppendResult> result : all) {
      seqs.add(appended(await(result)).id().seq());
    }
    assertThat(seqs).hasSize(200).first().isEqualTo(1L);
    assertThat(seqs).last().isEqualTo(200L);
    assertThat(await(log.read(channel, FeedId.NONE, 1000)).events()).extracting(e -> e.id().seq())
        .isSorted().hasSize(200);
  }

  @Test
  void appendsMadeBackToBackWithoutWaitingAreStoredInTheOrderTheyWereMade() {
    FeedLog log = log(1000, 60_000);
    List<Future<AppendResult>> all = await(vertx.executeBlocking(() -> IntStream.range(0, 300)
        .mapToObj(n -> log.append(channel, "message", String.valueOf(n), null)).toList()));
    Future.all(all).await();

    assertThat(await(log.read(channel, FeedId.NONE, 1000)).events()).extracting(FeedEvent::data)
        .containsExactlyElementsOf(IntStream.range(0, 300).mapToObj(String::valueOf).toList());
  }

  // ---- retention ----

  @Test
  void countBoundKeepsTheLatestEventsAndReportsWhatAReaderMissed() {
    FeedLog log = log(3, 60_000);
    List<FeedEvent> appended = appendMany(log, 7);

    FeedPage fromStart = await(log.read(channel, FeedId.NONE, 10));
    assertThat(fromStart.events()).containsExactlyElementsOf(appended.subList(4, 7));
    assertThat(fromStart.oldest()).isEqualTo(appended.get(4).id());
    assertThat(fromStart.missedAfter(FeedId.NONE)).isEqualTo(4);

    FeedPage fromTwo = await(log.read(channel, appended.get(1).id(), 10));
    assertThat(fromTwo.missedAfter(appended.get(1).id())).isEqualTo(2);
    assertThat(fromTwo.events()).containsExactlyElementsOf(appended.subList(4, 7));

    FeedPage fromFour = await(log.read(channel, appended.get(3).id(), 10));
    assertThat(fromFour.missedAfter(appended.get(3).id())).as("the next event is still retained").isZero();
  }

  @Test
  void ageBoundTrimsOldEventsOnReadAndOnAppend() {
    FeedLog log = log(100, 10_000);
    FeedEvent old = appended(await(log.append(channel, "message", "\"old\"", null)));
    clock.addAndGet(6_000);
    FeedEvent middle = appended(await(log.append(channel, "message", "\"middle\"", null)));
    clock.addAndGet(6_000);

    FeedPage page = await(log.read(channel, FeedId.NONE, 10));
    assertThat(page.events()).containsExactly(middle);
    assertThat(page.missedAfter(FeedId.NONE)).isEqualTo(1);
    assertThat(page.missedAfter(old.id())).isZero();

    clock.addAndGet(20_000);
    FeedEvent fresh = appended(await(log.append(channel, "message", "\"fresh\"", null)));
    FeedPage later = await(log.read(channel, old.id(), 10));
    assertThat(later.events()).containsExactly(fresh);
    assertThat(later.missedAfter(old.id())).as("middle expired").isEqualTo(1);
  }

  @Test
  void everythingExpiredStillKnowsTheLatestIdSoLossIsCounted() {
    FeedLog log = log(100, 1_000);
    List<FeedEvent> appended = appendMany(log, 4);
    clock.addAndGet(5_000);

    FeedPage page = await(log.read(channel, appended.get(0).id(), 10));
    assertThat(page.events()).isEmpty();
    assertThat(page.oldest()).isNull();
    assertThat(page.latest()).isEqualTo(appended.get(3).id());
    assertThat(page.missedAfter(appended.get(0).id())).isEqualTo(3);
    assertThat(page.missedAfter(appended.get(3).id())).isZero();
  }

  @Test
  void anIdThisLogNeverHandedOutIsRecognisedAsUnknown() {
    FeedLog log = log(100, 60_000);
    appendMany(log, 2);
    FeedPage page = await(log.read(channel, new FeedId(T0, 50), 10));
    assertThat(page.unknown(new FeedId(T0, 50))).isTrue();
    assertThat(page.unknown(page.latest())).isFalse();
  }

  // ---- de-duplication ----

  @Test
  void anAppendWithAKeySeenRecentlyIsStoredOnce() {
    FeedLog log = log(100, 600_000);
    FeedEvent first = appended(await(log.append(channel, "op", "{\"v\":1}", "notes/1:1")));
    assertThat(await(log.append(channel, "op", "{\"v\":1}", "notes/1:1"))).isInstanceOf(AppendResult.Duplicate.class);
    FeedEvent second = appended(await(log.append(channel, "op", "{\"v\":2}", "notes/1:2")));

    assertThat(await(log.read(channel, FeedId.NONE, 10)).events()).containsExactly(first, second);
    assertThat(second.id().seq()).as("a duplicate uses no number").isEqualTo(2);
  }

  @Test
  void twoLogsOnTheSameStorageStoreAnOfferedEventOnce() {
    FeedLog a = log(100, 600_000);
    FeedLog b = log(100, 600_000);
    List<Future<AppendResult>> offers = new ArrayList<>();
    for (int v = 1; v <= 20; v++) {
      offers.add(a.append(channel, "op", "{\"v\":" + v + "}", "k:" + v));
      offers.add(b.append(channel, "op", "{\"v\":" + v + "}", "k:" + v));
    }
    long appended = offers.stream().map(FeedLogContract::await).filter(r -> r instanceof AppendResult.Appended).count();
    assertThat(appended).isEqualTo(20);
    assertThat(await(a.read(channel, FeedId.NONE, 100)).events()).hasSize(20);
  }

  @Test
  void aKeyIsForgottenAfterTheWindowAndKeysAreKeptPerChannel() {
    FeedLog log = log(100, 600_000);
    appended(await(log.append(channel, "op", "{}", "key")));
    appended(await(log.append(channel + "-other", "op", "{}", "key")));
    clock.addAndGet(DEDUPE_MS + 1);
    appended(await(log.append(channel, "op", "{}", "key")));
    assertThat(await(log.latest(channel)).seq()).isEqualTo(2);
  }

  @Test
  void appendsWithoutAKeyAreNeverDeduplicated() {
    FeedLog log = log(100, 600_000);
    appended(await(log.append(channel, "message", "{}", null)));
    appended(await(log.append(channel, "message", "{}", null)));
    assertThat(await(log.latest(channel)).seq()).isEqualTo(2);
  }

  // ---- publishing ----

  @Test
  void everyAppendIsPublishedOnTheChannelTopicInOrder() throws Exception {
    FeedLog log = log(100, 60_000);
    List<FeedEvent> received = new CopyOnWriteArrayList<>();
    Subscription subscription = await(broker.subscribe(FeedTopics.forChannel(channel),
        (Buffer payload) -> received.add(FeedEventCodec.decode(channel, payload))));
    try {
      List<FeedEvent> appended = appendMany(log, 5);
      await(log.append(channel, "op", "{}", "dup"));
      await(log.append(channel, "op", "{}", "dup"));
      long deadline = System.currentTimeMillis() + 5_000;
      while (received.size() < 6 && System.currentTimeMillis() < deadline) {
        Thread.sleep(10);
      }
      assertThat(received).hasSize(6).startsWith(appended.toArray(FeedEvent[]::new));
      assertThat(received.get(5).type()).isEqualTo("op");
    } finally {
      await(subscription.unsubscribe());
    }
  }

  @Test
  void dataIsStoredAsGivenIncludingUnicode() {
    FeedLog log = log(100, 60_000);
    String data = "{\"text\":\"h\u00e9llo \u4e16\u754c \ud83d\ude00\",\"n\":[1,2.5,null]}";
    FeedEvent event = appended(await(log.append(channel, "note:v1", data, null)));
    FeedEvent read = await(log.read(channel, FeedId.NONE, 1)).events().get(0);
    assertThat(read).isEqualTo(event);
    assertThat(read.data()).isEqualTo(data);
    assertThat(read.type()).isEqualTo("note:v1");
  }

  // ---- helpers ----

  protected String channel() {
    return channel;
  }

  protected List<FeedEvent> appendMany(FeedLog log, int n) {
    List<FeedEvent> out = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      out.add(appended(await(log.append(channel, "message", "{\"n\":" + i + "}", null))));
    }
    return out;
  }

  protected static FeedEvent appended(AppendResult result) {
    assertThat(result).isInstanceOf(AppendResult.Appended.class);
    return ((AppendResult.Appended) result).event();
  }

  protected static <T> T await(Future<T> future) {
    try {
      return future.await(20, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no answer within 20 s", e);
    } catch (RuntimeException e) {
      throw new IllegalStateException("future failed: " + e.getMessage(), e);
    }
  }
}
