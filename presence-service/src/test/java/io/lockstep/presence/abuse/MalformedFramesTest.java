package io.lockstep.presence.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.common.config.Limits;
import io.lockstep.common.config.LockstepConfig;
import io.lockstep.presence.abuse.BadPresenceFrames.Case;
import io.lockstep.presence.testing.PresenceClient;
import io.lockstep.presence.testing.PresenceTestServer;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Garbage in, the right error out, and nothing else: a thousand generated bad frames over one
 * connection ({@link BadPresenceFrames}). Each must get exactly one {@code err} with the right code,
 * echoing the request id when the frame had a usable one; the connection must keep answering; the
 * member watching the room must see nothing. Then the error budget closes a client that keeps at it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MalformedFramesTest {
  private static final int CASES = Integer.getInteger("lockstep.abuse.cases", 1_000);

  private Vertx clients;
  private WebSocketClient ws;

  @BeforeEach
  void start() {
    clients = Vertx.vertx();
    ws = clients.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(16 * 1024 * 1024)
        .setMaxMessageSize(64 * 1024 * 1024));
  }

  @AfterEach
  void stop() {
    clients.close().await();
  }

  @Test
  void everyGeneratedBadFrameGetsTheRightErrorAndTheConnectionStaysUsable() {
    long seed = Long.getLong("lockstep.abuse.seed", System.nanoTime());
    System.out.println("MalformedFramesTest seed " + seed + " (replay with -Dlockstep.abuse.seed=" + seed + ")");
    Limits limits = Limits.fromJson(Limits.DEFAULTS.toJson().put("maxErrorsPerMinute", 1_000_000));
    LockstepConfig config = LockstepConfig.defaults().withLimits(limits);
    try (PresenceTestServer server = PresenceTestServer.start(config)) {
      BadPresenceFrames frames = new BadPresenceFrames(new Random(seed), limits.maxFrameBytes(),
          config.presence().maxMetaBytes());
      List<Case> cases = frames.generate(CASES);
      Map<String, Integer> perFamily = new TreeMap<>();
      Map<String, List<String>> failures = new TreeMap<>();

      PresenceClient observer = PresenceClient.connect(ws, server.port());
      observer.hello(null);
      assertThat(observer.join("abuse/room", "observer", null).getJsonArray("members")).hasSize(1);
      PresenceClient abuser = PresenceClient.connect(ws, server.port());
      abuser.hello(null);

      for (Case c : cases) {
        perFamily.merge(c.family(), 1, Integer::sum);
        if (c.binary() != null) {
          abuser.sendBinary(c.binary());
        } else {
          abuser.sendText(c.text());
        }
        JsonObject reply = abuser.poll(10_000);
        if (reply == null || PresenceClient.CLOSED.equals(reply.getString("t"))) {
          throw new AssertionError("no reply (" + reply + ") to [" + c.family() + "] " + c.shown() + "\nseed " + seed);
        }
        String problem = problemWith(reply, c);
        if (problem != null) {
          failures.computeIfAbsent(c.family(), f -> new ArrayList<>()).add(problem + "\n      frame: " + c.shown());
        }
        // The connection still answers, and nothing else was sent in between.
        JsonObject pong = abuser.request(new JsonObject().put("t", "ping"));
        assertThat(pong.getString("t")).isEqualTo("pong");
      }
      assertThat(abuser.poll(200)).as("nothing but the answers").isNull();
      assertThat(observer.poll(300)).as("a presence change in the observer's room: a bad frame joined or left").isNull();

      System.out.println("MalformedFramesTest: " + cases.size() + " bad frames, by family: " + perFamily);
      assertThat(perFamily).hasSizeGreaterThanOrEqualTo(16);
      assertThat(failures).as("wrong answers (seed %d): %s", seed, failures).isEmpty();
      assertThat(server.meter("lockstep_presence_members")).as("members").isEqualTo(1);
    }
  }

  @Test
  void theErrorBudgetClosesAConnectionThatKeepsSendingGarbageWith1008() {
    int budget = Limits.DEFAULTS.maxErrorsPerMinute();
    try (PresenceTestServer server = PresenceTestServer.start(LockstepConfig.defaults())) {
      PresenceClient abuser = PresenceClient.connect(ws, server.port());
      for (int i = 0; i < budget; i++) {
        abuser.sendText("{not json " + i);
      }
      for (int i = 0; i < budget; i++) {
        assertThat(abuser.next().getString("code")).isEqualTo("bad_request");
      }
      assertThat(abuser.request(new JsonObject().put("t", "ping")).getString("t")).isEqualTo("pong");
      abuser.sendText("{one too many");
      assertThat(abuser.next().getString("code")).isEqualTo("bad_request");
      JsonObject closed = abuser.next();
      assertThat(closed.getString("t")).isEqualTo(PresenceClient.CLOSED);
      assertThat(closed.getInteger("code")).isEqualTo(1008);
    }
  }

  private static String problemWith(JsonObject reply, Case c) {
    if (!"err".equals(reply.getString("t"))) {
      return "expected err " + c.code() + ", got " + reply.encode();
    }
    if (!c.code().equals(reply.getString("code"))) {
      return "expected code " + c.code() + ", got " + reply.getString("code") + ": " + reply.getString("msg");
    }
    Object re = reply.getValue("re");
    if (c.re() == null ? re != null : !(re instanceof Number n && n.longValue() == c.re())) {
      return "expected re " + c.re() + ", got " + Objects.toString(re);
    }
    return null;
  }
}
