package io.lockstep.feed.sse;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.common.bus.Addresses;
import io.lockstep.common.config.FeedConfig;
import io.lockstep.common.testing.HttpTestClient;
import io.lockstep.common.testing.sse.SseConnection;
import io.lockstep.common.testing.sse.SseEvent;
import io.lockstep.feed.testing.FeedTestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The feed protocol (PROTOCOL.md §4, docs/protocol.md "Feeds") over real HTTP and SSE: stream format,
 * publishing, resume by {@code Last-Event-ID} and {@code ?since=}, reset, several channels in one
 * stream, the built-in channels and the event-bus publish address.
 */
class FeedProtocolTest {
  private static final long WAIT = 5_000;
  private static final FeedConfig FEEDS = new FeedConfig(5, 86_400_000, 300, 1_500, 1024 * 1024, 4, 64 * 1024);
  private static FeedTestServer server;
  private static HttpTestClient http;

  @BeforeAll
  static void start() {
    server = FeedTestServer.start(FEEDS);
    http = new HttpTestClient(server.port());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aStreamIsTextEventStreamWithRetryFirstAndHeartbeatComments() throws Exception {
    SseConnection stream = server.sse().open("/feeds/" + fresh());
    assertThat(stream.status()).isEqualTo(200);
    assertThat(stream.header("Content-Type")).startsWith("text/event-stream");
    assertThat(stream.header("Cache-Control")).isEqualTo("no-cache");
    assertThat(stream.header("X-Accel-Buffering")).isEqualTo("no");
    Thread.sleep(1_000);
    assertThat(stream.retryMs()).isEqualTo(1_500);
    assertThat(stream.comments()).as("a heartbeat every 300 ms").isGreaterThanOrEqualTo(2);
    stream.close();
  }

  @Test
  void aPublishedBodyArrivesAsAMessageWithTheIdThePublisherGot() {
    String channel = fresh();
    SseConnection stream = server.sse().open("/feeds/" + channel);
    HttpTestClient.Response published = http.post("/feeds/" + channel, "{\"text\":\"hello\",\"n\":[1,2]}");

    assertThat(published.status()).isEqualTo(201);
    SseEvent event = stream.next(WAIT);
    assertThat(event.id()).isEqualTo(published.json().getString("id"));
    assertThat(event.event()).isEqualTo("message");
    assertThat(event.json()).isEqualTo(new JsonObject().put("text", "hello").put("n", new JsonArray().add(1).add(2)));
    stream.close();
  }

  @Test
  void anObjectWithExactlyEventAndDataIsANamedEventAndAnythingElseIsAMessage() {
    String channel = fresh();
    SseConnection stream = server.sse().open("/feeds/" + channel);
    http.post("/feeds/" + channel, "{\"event\":\"score\",\"data\":{\"home\":2}}");
    http.post("/feeds/" + channel, "{\"event\":\"score\",\"data\":1,\"extra\":true}");
    http.post("/feeds/" + channel, "[\"event\",\"data\"]");
    http.post("/feeds/" + channel, "\"line\\nbreak\"");

    List<SseEvent> events = stream.next(4, WAIT);
    assertThat(events.get(0).event()).isEqualTo("score");
    assertThat(events.get(0).json()).isEqualTo(new JsonObject().put("home", 2));
    assertThat(events.get(1).event()).isEqualTo("message");
    assertThat(events.get(1).json().getBoolean("extra")).isTrue();
    assertThat(events.get(2).data()).isEqualTo("[\"event\",\"data\"]");
    assertThat(events.get(3).data()).as("data stays on one line").isEqualTo("\"line\\nbreak\"");
    stream.close();
  }

  @Test
  void lastEventIdReplaysWhatWasMissedThenContinuesLive() {
    String channel = fresh();
    List<String> ids = publish(channel, 4);
    SseConnection stream = server.sse().open("/feeds/" + channel, ids.get(1), null);

    assertThat(stream.next(2, WAIT)).extracting(SseEvent::id).containsExactly(ids.get(2), ids.get(3));
    String live = publish(channel, 1).get(0);
    assertThat(stream.next(WAIT).id()).isEqualTo(live);
    assertThat(stream.poll(200)).isNull();
    stream.close();
  }

  @Test
  void sinceInTheQueryResumesLikeLastEventIdAndTheHeaderWins() {
    String channel = fresh();
    List<String> ids = publish(channel, 3);
    SseConnection byQuery = server.sse().open("/feeds/" + channel + "?since=" + ids.get(0));
    assertThat(byQuery.next(2, WAIT)).extracting(SseEvent::id).containsExactly(ids.get(1), ids.get(2));
    SseConnection both = server.sse().open("/feeds/" + channel + "?since=" + ids.get(0), ids.get(1), null);
    assertThat(both.next(WAIT).id()).isEqualTo(ids.get(2));
    assertThat(both.poll(200)).isNull();
    byQuery.close();
    both.close();
  }

  @Test
  void anIdOlderThanTheRetainedHistoryStartsWithAReset() {
    String channel = fresh();
    List<String> ids = publish(channel, 9);
    SseConnection stream = server.sse().open("/feeds/" + channel, ids.get(0), null);

    SseEvent reset = stream.next(WAIT);
    assertThat(reset.event()).isEqualTo("reset");
    assertThat(reset.json().getLong("lost")).as("5 retained of 9: 2, 3, 4 lost after 1").isEqualTo(3);
    assertThat(reset.json().getString("oldest")).isEqualTo(ids.get(4));
    assertThat(reset.json().getString("channel")).isEqualTo(channel);
    assertThat(stream.next(5, WAIT)).extracting(SseEvent::id).containsExactlyElementsOf(ids.subList(4, 9));
    assertThat(server.meter("lockstep_feed_resets")).isPositive();
    stream.close();
  }

  @Test
  void anIdThisServerNeverHandedOutStartsWithAResetAndTheRetainedHistory() {
    String channel = fresh();
    List<String> ids = publish(channel, 2);
    SseConnection stream = server.sse().open("/feeds/" + channel, "1700000000000-99", null);
    SseEvent reset = stream.next(WAIT);
    assertThat(reset.event()).isEqualTo("reset");
    assertThat(reset.json().getValue("lost")).isNull();
    assertThat(stream.next(2, WAIT)).extracting(SseEvent::id).containsExactlyElementsOf(ids);
    stream.close();
  }

  @Test
  void severalChannelsShareOneStreamAndOneIdResumesEveryChannel() {
    String a = fresh();
    String b = fresh();
    String c = fresh();
    String path = "/feeds?channels=" + b + "," + a + "," + c;
    SseConnection stream = server.sse().open(path);
    publish(a, 1);
    publish(b, 1);
    List<SseEvent> first = stream.next(2, WAIT);
    assertThat(first.get(0).id()).startsWith("m.").isNotEqualTo(first.get(1).id());
    stream.close();

    publish(a, 2);
    publish(c, 1);
    publish(b, 1);
    SseConnection resumed = server.sse().reconnect(path, stream, null);
    List<SseEvent> missed = resumed.next(4, WAIT);
    assertThat(missed).extracting(e -> e.json().getInteger("n")).containsExactlyInAnyOrder(1, 2, 1, 1);
    assertThat(resumed.poll(300)).as("nothing twice").isNull();

    publish(c, 1);
    assertThat(resumed.next(WAIT).json().getInteger("n")).isEqualTo(1);
    resumed.close();
  }

  @Test
  void aStreamOfOneChannelNamedInTheQueryUsesPlainIds() {
    String channel = fresh();
    SseConnection stream = server.sse().open("/feeds?channels=" + channel);
    String id = publish(channel, 1).get(0);
    assertThat(stream.next(WAIT).id()).isEqualTo(id);
    stream.close();
  }

  @Test
  void committedOpsFeedTheDocChannelOncePerVersion() {
    String doc = "notes/" + UUID.randomUUID();
    SseConnection stream = server.sse().open("/feeds/doc:" + doc);
    JsonObject op = new JsonObject().put("t", "op").put("doc", doc).put("v", 2).put("op", new JsonArray().add(3).add("x"));
    server.vertx().eventBus().publish(Addresses.SYNC_COMMITTED, op);
    server.vertx().eventBus().publish(Addresses.SYNC_COMMITTED, op.copy());
    server.vertx().eventBus().publish(Addresses.SYNC_COMMITTED, op.copy().put("v", 3));

    List<SseEvent> events = stream.next(2, WAIT);
    assertThat(events).extracting(SseEvent::event).containsExactly("op", "op");
    assertThat(events.get(0).json()).isEqualTo(op);
    assertThat(events.get(1).json().getInteger("v")).isEqualTo(3);
    assertThat(stream.poll(300)).isNull();
    stream.close();
  }

  @Test
  void presenceChangesFeedThePresenceChannel() {
    String room = "doc:notes/" + UUID.randomUUID();
    SseConnection stream = server.sse().open("/feeds/presence:" + room);
    JsonObject change = new JsonObject().put("room", room)
        .put("join", new JsonArray().add(new JsonObject().put("conn", "c1").put("user", "ada")))
        .put("leave", new JsonArray()).put("update", new JsonArray());
    server.vertx().eventBus().publish(Addresses.PRESENCE_CHANGED, change);

    SseEvent event = stream.next(WAIT);
    assertThat(event.event()).isEqualTo("presence");
    assertThat(event.json()).isEqualTo(change);
    stream.close();
  }

  @Test
  void theEventBusPublishAddressAppendsAndRepliesWithTheId() {
    String channel = fresh();
    SseConnection stream = server.sse().open("/feeds/" + channel);
    JsonObject reply = server.vertx().eventBus()
        .<JsonObject>request(Addresses.FEED_PUBLISH, new JsonObject().put("channel", channel).put("event", "tick").put("data", 7))
        .await().body();
    server.vertx().eventBus().send(Addresses.FEED_PUBLISH, new JsonObject().put("channel", channel).put("data", "plain"));

    SseEvent tick = stream.next(WAIT);
    assertThat(tick.id()).isEqualTo(reply.getString("id"));
    assertThat(tick.event()).isEqualTo("tick");
    assertThat(tick.data()).isEqualTo("7");
    SseEvent plain = stream.next(WAIT);
    assertThat(plain.event()).isEqualTo("message");
    assertThat(plain.data()).isEqualTo("\"plain\"");
    stream.close();
  }

  static String fresh() {
    return "news/" + UUID.randomUUID();
  }

  private static List<String> publish(String channel, int n) {
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      HttpTestClient.Response response = http.post("/feeds/" + channel, "{\"n\":" + i + "}");
      assertThat(response.status()).as(response.toString()).isEqualTo(201);
      ids.add(response.json().getString("id"));
    }
    return ids;
  }
}
