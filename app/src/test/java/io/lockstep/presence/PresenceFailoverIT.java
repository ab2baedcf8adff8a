package io.lockstep.presence;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.sync.convergence.LocalTopology;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Presence across real processes: {@code docker/run-local-topology.sh} starts Redis and two Lockstep
 * nodes (every service, sharing Redis, presence TTL 2 s, heartbeat 700 ms, sweep 200 ms). Members
 * connect straight to node 1 and node 2; node 1 is SIGKILLed; every member it held must be announced
 * as left exactly once to each member on node 2, within TTL + 1 s.
 */
class PresenceFailoverIT {
  private static final String ROOM = "doc:failover";
  private static final int TTL_MS = 2_000;

  @TempDir
  Path dir;

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void membersOfAKilledNodeAreAnnouncedLeftOnceWithinTtlPlusOneSecond() throws Exception {
    LocalTopology topology = LocalTopology.start(dir.resolve("topology"), 2, List.of("--no-cluster", "--",
        "--presence-ttl-ms", String.valueOf(TTL_MS), "--heartbeat-ms", "700", "--presence-sweep-ms", "200"));
    Vertx vertx = Vertx.vertx();
    try {
      WebSocketClient client = vertx.createWebSocketClient();
      int portA = topology.nodePorts().get(0);
      int portB = topology.nodePorts().get(1);
      List<Member> watchers = List.of(Member.join(client, portB, "w1"), Member.join(client, portB, "w2"));
      List<String> doomed = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        doomed.add(Member.join(client, portA, "d" + i).conn);
      }
      for (Member watcher : watchers) {
        for (String conn : doomed) {
          watcher.await("join", conn, 5_000);
        }
      }

      topology.killNode(1);
      long killedAt = System.currentTimeMillis();
      Map<String, Map<String, Integer>> leaves = new HashMap<>();
      Map<String, Long> lastLeave = new HashMap<>();
      while (System.currentTimeMillis() < killedAt + TTL_MS + 1_000 + 1_500) {
        for (Member watcher : watchers) {
          watcher.send(new JsonObject().put("t", "hb"));
          JsonObject frame;
          while ((frame = watcher.frames.poll(50, TimeUnit.MILLISECONDS)) != null) {
            for (String conn : listed(frame, "leave")) {
              leaves.computeIfAbsent(watcher.conn, w -> new HashMap<>()).merge(conn, 1, Integer::sum);
              lastLeave.merge(watcher.conn, System.currentTimeMillis(), Math::max);
            }
          }
        }
      }
      for (Member watcher : watchers) {
        Map<String, Integer> seen = leaves.getOrDefault(watcher.conn, Map.of());
        assertThat(seen.keySet()).as("leaves seen by %s", watcher.conn).containsExactlyInAnyOrderElementsOf(doomed);
        assertThat(seen.values()).as("each announced once").containsOnly(1);
        long after = lastLeave.get(watcher.conn) - killedAt;
        System.out.printf("PresenceFailoverIT: %s saw %d leaves, the last %d ms after the kill%n", watcher.conn, seen.size(), after);
        assertThat(after).as("ms after the kill").isLessThanOrEqualTo(TTL_MS + 1_000);
      }
    } catch (Throwable t) {
      System.out.println(topology.diagnostics());
      throw t;
    } finally {
      vertx.close().await();
      topology.close();
    }
  }

  private static List<String> listed(JsonObject frame, String list) {
    List<String> conns = new ArrayList<>();
    if ("presence".equals(frame.getString("t")) && ROOM.equals(frame.getString("room"))) {
      JsonArray entries = frame.getJsonArray(list);
      for (int i = 0; i < entries.size(); i++) {
        conns.add(entries.getJsonObject(i).getString("conn"));
      }
    }
    return conns;
  }

  /** One member connection straight to a node, with the frames it received. */
  private static final class Member {
    final WebSocket ws;
    final BlockingQueue<JsonObject> frames;
    final String conn;

    private Member(WebSocket ws, BlockingQueue<JsonObject> frames, String conn) {
      this.ws = ws;
      this.frames = frames;
      this.conn = conn;
    }

    static Member join(WebSocketClient client, int port, String user) throws InterruptedException {
      BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
      WebSocket ws = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/presence"))
          .map(socket -> socket.textMessageHandler(text -> frames.add(new JsonObject(text)))).await();
      ws.writeTextMessage(new JsonObject().put("t", "hello").put("id", 1).encode());
      String conn = reply(frames, 1).getString("conn");
      ws.writeTextMessage(new JsonObject().put("t", "join").put("id", 2).put("room", ROOM).put("user", user).encode());
      assertThat(reply(frames, 2).getString("t")).isEqualTo("members");
      return new Member(ws, frames, conn);
    }

    void send(JsonObject frame) {
      ws.writeTextMessage(frame.encode());
    }

    void await(String list, String conn, long millis) throws InterruptedException {
      long deadline = System.currentTimeMillis() + millis;
      while (System.currentTimeMillis() < deadline) {
        send(new JsonObject().put("t", "hb"));
        JsonObject frame = frames.poll(100, TimeUnit.MILLISECONDS);
        if (frame != null && listed(frame, list).contains(conn)) {
          return;
        }
      }
      throw new AssertionError(this.conn + " did not see the " + list + " of " + conn + " within " + millis + " ms");
    }

    private static JsonObject reply(BlockingQueue<JsonObject> frames, long id) throws InterruptedException {
      long deadline = System.currentTimeMillis() + 10_000;
      while (System.currentTimeMillis() < deadline) {
        JsonObject frame = frames.poll(100, TimeUnit.MILLISECONDS);
        if (frame != null && frame.getValue("re") instanceof Number re && re.longValue() == id) {
          return frame;
        }
      }
      throw new AssertionError("no reply to request " + id);
    }
  }
}
