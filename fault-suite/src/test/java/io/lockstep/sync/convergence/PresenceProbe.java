package io.lockstep.sync.convergence;

import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Presence members of one room, one per node, each connected straight to its node, as an outside
 * client sees presence (docs/protocol.md section 3): each member applies its {@code members}
 * reply and the {@code presence} frames after it to its own view of the room. Checks that no
 * member is told a connection left twice without a join in between (exactly-once leaves), that
 * the members of a killed node are announced left to every other member exactly once within a
 * bound, and that in the end every member's view is the set of members still connected.
 * A member whose connection the server closes joins again (a new connection). Driven by one
 * thread at a time: the caller's, or the one {@link #startPumping} starts until {@link #stop}.
 */
final class PresenceProbe implements AutoCloseable {
  private final String room;
  private final WebSocketClient sockets;
  private final List<Member> members = new ArrayList<>();
  private final List<String> violations = new ArrayList<>();
  /** Why members joined again (what the server sent them), for the report of a failed check. */
  private final List<String> rejoins = new ArrayList<>();
  private final int nginxPort;
  private volatile boolean stopped;

  PresenceProbe(String room, WebSocketClient sockets, int nginxPort, List<Integer> nodePorts) {
    this.room = room;
    this.nginxPort = nginxPort;
    this.sockets = sockets;
    for (int i = 0; i < nodePorts.size(); i++) {
      members.add(new Member("p" + (i + 1), nodePorts.get(i)));
    }
  }

  /** Every member joins, and sees every other one in its view. */
  void join(long timeoutMs) {
    members.forEach(Member::join);
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (!members.stream().allMatch(m -> m.joined && m.view.equals(liveConns()))) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("members did not see each other: " + views());
      }
      pump(50);
    }
  }

  /** The member on node {@code index} (1-based): its node is about to be killed; it is not rejoined. */
  String doom(int index) {
    Member doomed = members.get(index - 1);
    doomed.doomed = true;
    return doomed.conn;
  }

  /** Reads every member's frames for about {@code millis} and keeps them alive with a heartbeat. */
  void pump(long millis) {
    long end = System.currentTimeMillis() + millis;
    do {
      for (Member m : members) {
        m.pump();
      }
      pause(10);
    } while (System.currentTimeMillis() < end);
  }

  /** Pumps on its own thread until {@link #stop}: the caller checks after that. */
  Thread startPumping() {
    Thread thread = new Thread(() -> {
      while (!stopped) {
        pump(50);
      }
    }, "presence-" + room);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  void stop() {
    stopped = true;
  }

  /**
   * Checks that every live member was told {@code conn} left within {@code boundMs} of
   * {@code since} (epoch ms); returns the latest delay, or -1 after recording a violation.
   */
  long checkLeft(String conn, long since, long boundMs) {
    long latest = 0;
    for (Member m : members) {
      Long at = m.leftAt.get(conn);
      if (m.doomed) {
        continue;
      }
      if (at == null || at - since > boundMs) {
        violation(m.name + " was told " + conn + " left " + (at == null ? "never" : (at - since) + " ms")
            + " after its node was killed (bound " + boundMs + " ms)");
        return -1;
      }
      latest = Math.max(latest, at - since);
    }
    return latest;
  }

  /** Waits up to {@code millis} for every live member's view to be the live members; a violation if not. */
  void awaitAgreement(long millis) {
    long deadline = System.currentTimeMillis() + millis;
    while (!members.stream().filter(m -> !m.doomed).allMatch(m -> m.joined && m.view.equals(liveConns()))) {
      if (System.currentTimeMillis() > deadline) {
        violation("views of the room differ from the connected members " + liveConns() + ": " + views()
            + "; GET /presence lists " + listing() + "; rejoins: " + rejoins);
        return;
      }
      pump(50);
    }
  }

  List<String> violations() {
    return List.copyOf(violations);
  }

  /** The members {@code GET /presence/{room}} lists, through nginx. */
  private String listing() {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + nginxPort + "/presence/"
        + URLEncoder.encode(room, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(5)).GET().build();
    try {
      HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        return response.statusCode() + " " + response.body();
      }
      List<String> conns = new ArrayList<>();
      new JsonObject(response.body()).getJsonArray("members").forEach(m -> conns.add(((JsonObject) m).getString("conn")));
      return conns.toString();
    } catch (IOException e) {
      return "(failed: " + e + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "(interrupted)";
    }
  }

  private Set<String> liveConns() {
    Set<String> conns = new HashSet<>();
    members.stream().filter(m -> !m.doomed && m.conn != null).forEach(m -> conns.add(m.conn));
    return conns;
  }

  private Map<String, Set<String>> views() {
    Map<String, Set<String>> views = new HashMap<>();
    members.forEach(m -> views.put(m.name + "/" + m.conn, m.view));
    return views;
  }

  private void violation(String what) {
    if (violations.size() < 20) {
      violations.add(room + ": " + what);
    }
  }

  @Override
  public void close() {
    members.forEach(m -> {
      if (m.ws != null) {
        m.ws.close();
      }
    });
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One member connection; its view of the room and what it was told about each connection. */
  private final class Member {
    final String name;
    final int port;
    final Set<String> view = new HashSet<>();
    /** Per connection: whether this member last heard it join (true) or leave (false). */
    final Map<String, Boolean> lastHeard = new HashMap<>();
    final Map<String, Long> leftAt = new HashMap<>();
    final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    WebSocket ws;
    String conn;
    boolean doomed;
    boolean joined;
    long lastBeat;
    long rejoinAt;

    Member(String name, int port) {
      this.name = name;
      this.port = port;
    }

    void join() {
      frames.clear();
      view.clear();
      joined = false;
      try {
        ws = sockets.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/presence"))
            .map(socket -> socket.textMessageHandler(text -> frames.add(new JsonObject(text)))
                .closeHandler(v -> frames.add(new JsonObject().put("t", "_closed"))))
            .await(10, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        throw new AssertionError(name + " could not connect to :" + port + "/presence", e);
      }
      ws.writeTextMessage(new JsonObject().put("t", "hello").put("id", 1).encode());
      ws.writeTextMessage(new JsonObject().put("t", "join").put("id", 2).put("room", room).put("user", name).encode());
    }

    void pump() {
      if (doomed) {
        return;
      }
      long now = System.currentTimeMillis();
      if (now - lastBeat > 1_000) {
        ws.writeTextMessage("{\"t\":\"hb\"}");
        lastBeat = now;
      }
      if (rejoinAt > 0 && now > rejoinAt) {
        rejoinAt = 0;
        ws.writeTextMessage(new JsonObject().put("t", "join").put("id", 2).put("room", room).put("user", name).encode());
      }
      JsonObject frame;
      while ((frame = frames.poll()) != null) {
        handle(frame);
      }
    }

    private void handle(JsonObject frame) {
      String t = frame.getString("t");
      if ("_closed".equals(t) || ("left".equals(t) && frame.getValue("re") == null)) {
        // the server let go of this member: join again as a new connection
        rejoins.add(name + "/" + conn + " after " + frame.encode());
        ws.close();
        join();
        return;
      }
      if ("welcome".equals(t)) {
        conn = frame.getString("conn");
      } else if ("members".equals(t)) {
        joined = true;
        view.add(conn);
        for (Object entry : frame.getJsonArray("members")) {
          heard(((JsonObject) entry).getString("conn"), true);
        }
      } else if ("presence".equals(t) && joined) {
        entries(frame, "join").forEach(c -> heard(c, true));
        entries(frame, "leave").forEach(c -> heard(c, false));
      } else if ("err".equals(t) && "unavailable".equals(frame.getString("code")) && !joined) {
        rejoinAt = System.currentTimeMillis() + 200; // the store is down: join again in a moment
      } else if ("err".equals(t)) {
        violation(name + " got " + frame.encode());
      }
    }

    private void heard(String who, boolean joinedNow) {
      if (who.equals(conn)) {
        return;
      }
      Boolean before = lastHeard.put(who, joinedNow);
      if (!joinedNow) {
        if (Boolean.FALSE.equals(before)) {
          violation(name + " was told " + who + " left twice without a join in between");
        }
        leftAt.putIfAbsent(who, System.currentTimeMillis());
        view.remove(who);
      } else {
        view.add(who);
      }
    }

    private List<String> entries(JsonObject frame, String list) {
      List<String> conns = new ArrayList<>();
      JsonArray entries = frame.getJsonArray(list);
      if (entries != null) {
        for (int i = 0; i < entries.size(); i++) {
          conns.add(entries.getJsonObject(i).getString("conn"));
        }
      }
      return conns;
    }
  }
}
