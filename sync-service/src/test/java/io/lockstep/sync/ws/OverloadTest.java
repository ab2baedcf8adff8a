package io.lockstep.sync.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.common.config.LockstepConfig;
import io.lockstep.sync.testing.RawWebSocket;
import io.lockstep.sync.testing.SlowOpStore;
import io.lockstep.sync.testing.SyncTestServer;
import io.lockstep.sync.testing.TestLimits;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 16 item 3: a document offered more than it can take sheds the excess explicitly. Thirty
 * clients flood one document whose store takes 40 ms a commit, each keeping one op in flight as the
 * SDK does and resending a refused op (same {@code src}/{@code seq}) after the {@code retryMs} the
 * server asked for. The server must refuse some with {@code unavailable} and a {@code retryMs},
 * refuse none as too old ({@code conflict}) or for any other reason, and in the end hold every op
 * exactly once.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OverloadTest {
  private static final int CLIENTS = 30;
  private static final int OPS_EACH = 8;
  private static final String DOC = "overload/1";
  private static final Pattern TOKEN = Pattern.compile("<c(\\d+)o(\\d+)>");

  @Test
  void aFloodedDocumentShedsWithRetryHintsAndKeepsEveryResentOpOnce() {
    LockstepConfig config = LockstepConfig.defaults().withLimits(TestLimits.defaults().unthrottled()
        .maxQueueWaitMs(10).build());
    Vertx clients = Vertx.vertx();
    try (SyncTestServer server = SyncTestServer.start(config, (vertx, store) -> new SlowOpStore(vertx, store, 40));
         RawWebSocket creator = RawWebSocket.connect(server.port())) {
      creator.request(new JsonObject().put("t", "hello").put("src", "creator"));
      assertThat(creator.request(new JsonObject().put("t", "create").put("doc", DOC).put("type", "text-unicode")
          .put("data", "")).getString("t")).isEqualTo("ack");

      WebSocketClient ws = clients.createWebSocketClient();
      Map<String, AtomicInteger> errors = new ConcurrentHashMap<>();
      AtomicInteger shedWithHint = new AtomicInteger();
      List<Future<Void>> done = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        Editor editor = new Editor(c, errors, shedWithHint);
        done.add(ws.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(server.port()).setURI("/sync")
            .addSubProtocol("lockstep.v1")).compose(editor::run));
      }
      Future.all(done).await(90, TimeUnit.SECONDS);

      assertThat(shedWithHint.get()).as("ops shed with unavailable and a retryMs").isPositive();
      assertThat(errors).as("refusals other than unavailable with retryMs").isEmpty();
      JsonObject snapshot = creator.request(new JsonObject().put("t", "sub").put("doc", DOC));
      assertThat(snapshot.getLong("v")).as("one version per op, none twice").isEqualTo(1 + CLIENTS * OPS_EACH);
      Map<String, Integer> seen = new java.util.HashMap<>();
      Matcher tokens = TOKEN.matcher(snapshot.getString("data"));
      while (tokens.find()) {
        seen.merge(tokens.group(), 1, Integer::sum);
      }
      assertThat(seen).hasSize(CLIENTS * OPS_EACH).allSatisfy((token, count) -> assertThat(count).isEqualTo(1));
    } catch (Exception e) {
      throw new AssertionError(e);
    } finally {
      clients.close().await();
    }
  }

  /** One SDK-like client: one op in flight, each inserting its own token at 0 against version 1; a shed op is resent after retryMs. */
  private static final class Editor {
    private final int index;
    private final Map<String, AtomicInteger> errors;
    private final AtomicInteger shedWithHint;
    private final Promise<Void> finished = Promise.promise();
    private WebSocket socket;
    private int seq;
    private long nextId = 1;

    Editor(int index, Map<String, AtomicInteger> errors, AtomicInteger shedWithHint) {
      this.index = index;
      this.errors = errors;
      this.shedWithHint = shedWithHint;
    }

    Future<Void> run(WebSocket socket) {
      this.socket = socket;
      socket.textMessageHandler(text -> onFrame(new JsonObject(text)));
      socket.writeTextMessage(new JsonObject().put("t", "hello").put("id", nextId++).put("src", "e" + index).encode());
      return finished.future();
    }

    private void onFrame(JsonObject frame) {
      switch (frame.getString("t")) {
        case "welcome", "ack" -> next();
        case "err" -> {
          Long retryMs = frame.getLong("retryMs");
          if ("unavailable".equals(frame.getString("code")) && retryMs != null && retryMs > 0) {
            shedWithHint.incrementAndGet();
            Vertx.currentContext().owner().setTimer(retryMs, id -> send());
          } else {
            errors.computeIfAbsent(frame.getString("code") + ": " + frame.getString("msg"), k -> new AtomicInteger())
                .incrementAndGet();
            finished.tryComplete();
          }
        }
        default -> { }
      }
    }

    private void next() {
      if (seq == OPS_EACH) {
        finished.tryComplete();
        return;
      }
      seq++;
      send();
    }

    private void send() {
      socket.writeTextMessage(new JsonObject().put("t", "op").put("id", nextId++).put("doc", DOC).put("v", 1)
          .put("seq", seq).put("op", new JsonArray().add("<c" + index + "o" + seq + ">")).encode());
    }
  }
}
