package io.lockstep.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.common.config.LockstepConfig;
import io.lockstep.common.config.RedisConfig;
import io.lockstep.common.testing.RedisServerExtension;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One process running the three services over Redis builds its engines once: however many services
 * subscribe to their topics, Redis sees one pub/sub connection from it (each service building its own
 * engines, as before, made three).
 */
class SharedEnginesTest {
  @RegisterExtension
  static final RedisServerExtension REDIS = new RedisServerExtension();

  private static final Pattern SUBSCRIBED = Pattern.compile("\\bsub=[1-9]");

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void threeServicesShareOnePubSubConnection() throws Exception {
    LockstepConfig config = LockstepConfig.defaults().withHost("127.0.0.1").withPort(0)
        .withServices(Set.of("sync", "presence", "feed"))
        .withRedis(new RedisConfig(List.of(REDIS.uri()), "standalone", null));
    RunningLockstep running = Main.start(config).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    Vertx client = Vertx.vertx();
    try {
      int port = running.port();
      WebSocketClient ws = client.createWebSocketClient();
      // A subscription of each service's: a document, a room, a feed channel.
      WebSocket sync = ws.connect(port, "127.0.0.1", "/sync").await();
      request(sync, new JsonObject().put("t", "hello").put("id", 1).put("src", "s"));
      request(sync, new JsonObject().put("t", "create").put("id", 2).put("doc", "shared/1").put("type", "text-unicode")
          .put("data", "x"));
      request(sync, new JsonObject().put("t", "sub").put("id", 3).put("doc", "shared/1"));
      WebSocket presence = ws.connect(port, "127.0.0.1", "/presence").await();
      request(presence, new JsonObject().put("t", "hello").put("id", 1));
      request(presence, new JsonObject().put("t", "join").put("id", 2).put("room", "shared-room"));
      int feed = client.createHttpClient().request(new RequestOptions().setMethod(HttpMethod.GET)
              .setHost("127.0.0.1").setPort(port).setURI("/feeds/shared-channel")
              .putHeader("Accept", "text/event-stream"))
          .compose(req -> req.send()).map(resp -> resp.statusCode()).await();
      assertThat(feed).isEqualTo(200);

      Redis redis = Redis.createClient(client, REDIS.uri());
      String clients = redis.send(Request.cmd(Command.CLIENT).arg("LIST")).await().toString();
      long subscribers = clients.lines().filter(line -> SUBSCRIBED.matcher(line).find()).count();
      assertThat(subscribers).as("pub/sub connections in CLIENT LIST:%n%s", clients).isEqualTo(1);
      String line = clients.lines().filter(l -> SUBSCRIBED.matcher(l).find()).findFirst().orElseThrow();
      Matcher topics = Pattern.compile("\\bsub=(\\d+)").matcher(line);
      assertThat(topics.find()).isTrue();
      assertThat(Integer.parseInt(topics.group(1))).as("the one connection carries the topics of all three services")
          .isGreaterThanOrEqualTo(3);
      redis.close();
    } finally {
      client.close().await();
      running.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  /** Sends {@code frame} and waits for the frame answering it ({@code re} = its id). */
  private static JsonObject request(WebSocket socket, JsonObject frame) {
    Promise<JsonObject> reply = Promise.promise();
    socket.textMessageHandler(text -> {
      JsonObject got = new JsonObject(text);
      if (frame.getLong("id").equals(got.getLong("re"))) {
        reply.tryComplete(got);
      }
    });
    socket.writeTextMessage(frame.encode());
    JsonObject got = reply.future().await();
    assertThat(got.getString("t")).as("reply to %s", frame).isNotEqualTo("err");
    return got;
  }
}
