package io.lockstep.sync.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.common.config.Limits;
import io.lockstep.common.config.LockstepConfig;
import io.lockstep.sync.abuse.BadFrames.Case;
import io.lockstep.sync.testing.RawWebSocket;
import io.lockstep.sync.testing.SyncTestServer;
import io.lockstep.sync.testing.TestLimits;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Garbage in, the right error out, and nothing else: thousands of generated bad frames over one
 * connection (PROTOCOL.md §1 "Errors"; docs/protocol.md error table). Each must get exactly one
 * {@code err} with the right code, echoing the request id when the frame had a usable one; the
 * connection must keep answering; no document may change. Then the separate rule for a client that
 * keeps doing it: the error budget closes it with 1008.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MalformedFramesTest {
  private static final int CASES = Integer.getInteger("lockstep.abuse.cases", 1_300);

  @Test
  void everyGeneratedBadFrameGetsTheRightErrorAndChangesNothing() {
    long seed = Long.getLong("lockstep.abuse.seed", System.nanoTime());
    System.out.println("MalformedFramesTest seed " + seed + " (replay with -Dlockstep.abuse.seed=" + seed + ")");
    LockstepConfig config = LockstepConfig.defaults().withLimits(TestLimits.defaults().unthrottled().build());
    try (SyncTestServer server = SyncTestServer.start(config)) {
      int port = server.port();
      createFixtures(port);
      BadFrames frames = new BadFrames(new Random(seed), config.limits().maxFrameBytes());
      List<Case> cases = frames.generate(CASES);
      Map<String, Integer> perFamily = new TreeMap<>();
      Map<String, List<String>> failures = new TreeMap<>();

      try (RawWebSocket observer = RawWebSocket.connect(port); RawWebSocket abuser = RawWebSocket.connect(port)) {
        for (String doc : List.of(BadFrames.JSON_DOC, BadFrames.TEXT_DOC)) {
          JsonObject snapshot = request(observer, new JsonObject().put("t", "sub").put("doc", doc));
          assertThat(snapshot.getLong("v")).isEqualTo(BadFrames.FIXTURE_V);
        }
        assertThat(request(abuser, new JsonObject().put("t", "hello").put("src", BadFrames.SRC)).getString("t"))
            .isEqualTo("welcome");

        long pingId = 0;
        for (Case c : cases) {
          perFamily.merge(c.family(), 1, Integer::sum);
          if (c.binary() != null) {
            abuser.sendBinary(c.binary());
          } else {
            abuser.sendText(c.text());
          }
          JsonObject reply = abuser.next(10_000);
          if (reply == null) {
            throw new AssertionError("no reply (close code " + abuser.closeCode() + ") to [" + c.family() + "] "
                + c.shown() + "\nseed " + seed + "; failures so far: " + failures);
          }
          String problem = problemWith(reply, c);
          if (problem != null) {
            failures.computeIfAbsent(c.family(), f -> new ArrayList<>()).add(problem + "\n      frame: " + c.shown());
          }
          // The connection still answers, and nothing else was sent in between.
          long id = ++pingId;
          abuser.sendJson(new JsonObject().put("t", "ping").put("id", id));
          for (JsonObject next = abuser.next(); !isReply(next, "pong", id); next = abuser.next()) {
            failures.computeIfAbsent(c.family(), f -> new ArrayList<>())
                .add("unexpected extra frame " + next.encode() + "\n      after: " + c.shown());
          }
        }
        assertThat(observer.next(300)).as("live op on a fixture document: a bad frame changed it").isNull();
      }

      System.out.println("MalformedFramesTest: " + cases.size() + " bad frames, by family: " + perFamily);
      assertThat(perFamily).hasSizeGreaterThanOrEqualTo(20);
      assertThat(failures).as(describe(failures, seed)).isEmpty();
      assertNothingChanged(port, frames.neverCreated());
    }
  }

  @Test
  void theDefaultErrorBudgetClosesAConnectionThatKeepsSendingGarbageWith1008() {
    int budget = Limits.DEFAULTS.maxErrorsPerMinute();
    try (SyncTestServer server = SyncTestServer.start(); RawWebSocket abuser = RawWebSocket.connect(server.port())) {
      for (int i = 0; i < budget; i++) {
        abuser.sendText("{not json " + i);
      }
      for (int i = 0; i < budget; i++) {
        assertThat(abuser.next().getString("code")).isEqualTo("bad_request");
      }
      assertThat(request(abuser, new JsonObject().put("t", "ping")).getString("t"))
          .as("within the budget the connection stays open").isEqualTo("pong");

      abuser.sendText("{one too many");
      assertThat(abuser.next().getString("code")).isEqualTo("bad_request");
      assertThat(abuser.awaitClose(5_000)).isEqualTo(1008);

      try (RawWebSocket fresh = RawWebSocket.connect(server.port())) {
        assertThat(request(fresh, new JsonObject().put("t", "ping")).getString("t")).isEqualTo("pong");
      }
    }
  }

  @Test
  void anOpThatWouldTurnANumberIntoInfinityIsInvalid() {
    try (SyncTestServer server = SyncTestServer.start(); RawWebSocket client = RawWebSocket.connect(server.port())) {
      request(client, new JsonObject().put("t", "hello").put("src", "overflow"));
      expectAck(client, new JsonObject().put("t", "create").put("doc", "abuse/huge").put("type", "json0")
          .put("data", new JsonObject().put("n", 1e308)), 1);
      JsonObject reply = request(client, op("abuse/huge", 1, 1, new JsonArray().add(new JsonObject()
          .put("p", new JsonArray().add("n")).put("na", 1e308))));
      assertThat(reply.getString("code")).as("%s", reply.encode()).isEqualTo("invalid_op");
      JsonObject snapshot = request(client, new JsonObject().put("t", "sub").put("doc", "abuse/huge"));
      assertThat(snapshot.getLong("v")).isEqualTo(1);
      assertThat(snapshot.getJsonObject("data").getValue("n")).isEqualTo(1e308);
    }
  }

  /** The fixtures of {@link BadFrames}, built by ops so they have history to rebase over. */
  private static void createFixtures(int port) {
    try (RawWebSocket setup = RawWebSocket.connect(port)) {
      request(setup, new JsonObject().put("t", "hello").put("src", "fixture"));
      JsonObject initial = BadFrames.JSON_DATA.copy().put("title", "hello")
          .put("items", new JsonArray().add(1).add(2).add(3));
      expectAck(setup, new JsonObject().put("t", "create").put("doc", BadFrames.JSON_DOC).put("type", "json0")
          .put("data", initial), 1);
      expectAck(setup, op(BadFrames.JSON_DOC, 1, 1, new JsonArray().add(new JsonObject()
          .put("p", new JsonArray().add("items").add(3)).put("li", 4))), 2);
      expectAck(setup, op(BadFrames.JSON_DOC, 2, 2, new JsonArray().add(new JsonObject()
          .put("p", new JsonArray().add("title").add(5)).put("si", " world"))), 3);
      expectAck(setup, new JsonObject().put("t", "create").put("doc", BadFrames.TEXT_DOC).put("type", "text-unicode")
          .put("data", "héllo 😀 wörld"), 1);
      expectAck(setup, op(BadFrames.TEXT_DOC, 1, 3, new JsonArray().add(13).add("!")), 2);
      expectAck(setup, op(BadFrames.TEXT_DOC, 2, 4, new JsonArray().add(new JsonObject().put("d", "h"))), 3);
    }
  }

  private static void assertNothingChanged(int port, List<String> neverCreated) {
    try (RawWebSocket checker = RawWebSocket.connect(port)) {
      JsonObject json = request(checker, new JsonObject().put("t", "sub").put("doc", BadFrames.JSON_DOC));
      assertThat(json.getLong("v")).isEqualTo(BadFrames.FIXTURE_V);
      assertThat(json.getJsonObject("data")).isEqualTo(BadFrames.JSON_DATA);
      JsonObject text = request(checker, new JsonObject().put("t", "sub").put("doc", BadFrames.TEXT_DOC));
      assertThat(text.getLong("v")).isEqualTo(BadFrames.FIXTURE_V);
      assertThat(text.getString("data")).isEqualTo(BadFrames.TEXT_DATA);
      for (String doc : neverCreated) {
        JsonObject snapshot = request(checker, new JsonObject().put("t", "fetch").put("doc", doc).put("from", 0));
        assertThat(snapshot.getJsonArray("ops")).as("ops of %s, which no accepted frame created", doc).isEmpty();
      }
    }
  }

  /** What is wrong with {@code reply} as the answer to {@code c}, or null. */
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

  private static String describe(Map<String, List<String>> failures, long seed) {
    StringBuilder out = new StringBuilder("wrong answers to bad frames (seed " + seed + "):");
    failures.forEach((family, list) -> {
      out.append("\n  [").append(family).append("] ").append(list.size()).append(" failures, e.g.");
      list.stream().distinct().limit(6).forEach(f -> out.append("\n    ").append(f));
    });
    return out.toString();
  }

  private static boolean isReply(JsonObject frame, String type, long id) {
    return type.equals(frame.getString("t")) && frame.getValue("re") instanceof Number n && n.longValue() == id;
  }

  private static JsonObject op(String doc, long v, long seq, JsonArray op) {
    return new JsonObject().put("t", "op").put("doc", doc).put("v", v).put("seq", seq).put("op", op);
  }

  private static void expectAck(RawWebSocket ws, JsonObject frame, long v) {
    JsonObject reply = request(ws, frame);
    assertThat(reply.getString("t")).as("reply to %s: %s", frame.encode(), reply.encode()).isEqualTo("ack");
    assertThat(reply.getLong("v")).isEqualTo(v);
  }

  private static JsonObject request(RawWebSocket ws, JsonObject frame) {
    return ws.request(frame);
  }
}
