package io.lockstep.presence.cluster;

import static io.lockstep.presence.testing.PresenceClient.presence;
import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.common.engine.broker.RedisBroker;
import io.lockstep.common.engine.presence.RedisPresenceStore;
import io.lockstep.common.engine.redis.RedisConnections;
import io.lockstep.common.testing.RedisServerExtension;
import io.lockstep.presence.testing.PresenceClient;
import io.lockstep.presence.testing.PresenceTestServer;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two presence nodes in one JVM sharing one private Redis, each with its own Vert.x, connections,
 * store and broker, as two replicas would: members on one node see joins, meta and leaves of members
 * on the other; a node stopped abruptly (its Redis connections cut, then its HTTP server gone, nothing
 * cleaned up) has every one of its members announced as left exactly once on the other, within TTL + 1 s.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TwoNodesTest {
  @RegisterExtension
  static final RedisServerExtension REDIS = new RedisServerExtension();
  private static final String ROOM = "doc:shared";

  private final List<Node> nodes = new ArrayList<>();
  private Vertx clients;
  private WebSocketClient ws;
  /**
   * Members that heartbeat every 100 ms, as a client must (the welcome asks for 200 ms against a
   * 600 ms TTL), so none expires while the test thread waits on another on a loaded machine.
   */
  private final List<PresenceClient> heartbeating = new CopyOnWriteArrayList<>();

  /** One node and the engines it was given. */
  private record Node(PresenceTestServer server, RedisConnections redis, RedisBroker broker) {
    void crash() {
      // Cut Redis first, so the sockets closing with the server cannot remove their members.
      broker.close().eventually(redis::close).await();
      server.vertx().close().await();
    }
  }

  @BeforeEach
  void start() {
    clients = Vertx.vertx();
    ws = clients.createWebSocketClient();
    clients.setPeriodic(100, id -> heartbeating.forEach(PresenceClient::heartbeat));
  }

  @AfterEach
  void stop() {
    for (Node node : nodes) {
      try {
        node.crash();
      } catch (RuntimeException ignored) {
        // already stopped
      }
    }
    clients.close().await();
    REDIS.flushAll();
  }

  private Node node(String id) {
    Vertx vertx = Vertx.vertx(new VertxOptions().setMaxEventLoopExecuteTime(100)
        .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS));
    RedisConnections redis = new RedisConnections(vertx, new RedisOptions().setConnectionString(REDIS.uri()),
        Duration.ofSeconds(2));
    RedisBroker broker = new RedisBroker(vertx, redis, Duration.ofMillis(20), Duration.ofMillis(500));
    PresenceTestServer server = PresenceTestServer.start(PresenceTestServer.fastConfig().withNodeId(id),
        new RedisPresenceStore(redis), broker, vertx);
    Node node = new Node(server, redis, broker);
    nodes.add(node);
    return node;
  }

  private PresenceClient member(Node node, String user) {
    PresenceClient client = PresenceClient.connect(ws, node.server().port());
    client.hello(null);
    assertThat(client.join(ROOM, user, new JsonObject().put("cursor", 0)).getString("t")).isEqualTo("members");
    heartbeating.add(client);
    return client;
  }

  @Test
  void joinsMetaAndLeavesOnOneNodeReachTheMembersOfTheOther() {
    Node a = node("a");
    Node b = node("b");
    PresenceClient onB = member(b, "bea");
    PresenceClient onA = member(a, "ada");

    onB.await(f -> presence(f, ROOM, "join", onA.conn()), 3_000, "ada's join on node b");
    onA.meta(ROOM, new JsonObject().put("cursor", 42));
    JsonObject update = onB.await(f -> presence(f, ROOM, "update", onA.conn()), 3_000, "ada's meta on node b");
    assertThat(update.getJsonArray("update").getJsonObject(0).getJsonObject("meta").getInteger("cursor")).isEqualTo(42);
    JsonObject members = PresenceClient.connect(ws, a.server().port()).join(ROOM, "cy", null);
    assertThat(members.getJsonArray("members")).as("a node lists the other node's members").hasSize(3);

    onA.leave(ROOM);
    onB.await(f -> presence(f, ROOM, "leave", onA.conn()), 3_000, "ada's leave on node b");
  }

  @Test
  void membersOfANodeThatDiesAreAnnouncedLeftExactlyOnceOnTheOther() {
    Node a = node("a");
    Node b = node("b");
    List<PresenceClient> watchers = List.of(member(b, "w1"), member(b, "w2"));
    List<PresenceClient> onA = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      onA.add(member(a, "d" + i));
    }
    List<String> doomed = onA.stream().map(PresenceClient::conn).toList();
    for (PresenceClient watcher : watchers) {
      for (String conn : doomed) {
        watcher.await(f -> presence(f, ROOM, "join", conn), 3_000, "the join of " + conn);
      }
      watcher.drainWhileHeartbeating(100);
    }

    heartbeating.removeAll(onA);
    long crashedAt = System.currentTimeMillis();
    a.crash();
    // Watch for TTL + 1 s, then a while longer to catch any second announcement.
    Map<String, Map<String, Integer>> leavesSeen = new HashMap<>();
    Map<String, Long> lastLeaveAt = new HashMap<>();
    long until = crashedAt + 600 + 1_000 + 800;
    while (System.currentTimeMillis() < until) {
      for (PresenceClient watcher : watchers) {
        watcher.heartbeat();
        for (JsonObject frame : watcher.drain(50)) {
          for (String conn : doomed) {
            if (presence(frame, ROOM, "leave", conn)) {
              leavesSeen.computeIfAbsent(watcher.conn(), w -> new HashMap<>()).merge(conn, 1, Integer::sum);
              lastLeaveAt.merge(watcher.conn(), System.currentTimeMillis(), Math::max);
            }
          }
        }
      }
    }
    for (PresenceClient watcher : watchers) {
      Map<String, Integer> seen = leavesSeen.getOrDefault(watcher.conn(), Map.of());
      assertThat(seen.keySet()).as("leaves seen by %s", watcher.conn()).containsExactlyInAnyOrderElementsOf(doomed);
      assertThat(seen.values()).as("each leave once").containsOnly(1);
      assertThat(lastLeaveAt.get(watcher.conn()) - crashedAt).as("within TTL + 1 s").isLessThanOrEqualTo(1_600);
    }
    assertThat(b.server().meter("lockstep_presence_leaves", "cause", "expiry")).isEqualTo(doomed.size());
  }
}
