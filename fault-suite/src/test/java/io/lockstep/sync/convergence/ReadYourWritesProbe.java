package io.lockstep.sync.convergence;

import io.lockstep.sync.testing.FrameSocket;
import io.vertx.core.http.WebSocketClient;
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
import java.util.List;

/**
 * One writer on its own json0 document, through nginx, checking two promises of docs/protocol.md
 * after every ack: that the op frame was answered (ack or err, or the connection closed) within
 * {@code answerBoundMs}, and read-your-writes through every node: a {@code GET /docs/{doc}} and a
 * fresh {@code sub} sent to each node directly after the ack must show at least the acked version.
 * A node that cannot be reached or answers 503 is skipped (that is unavailability, not a stale
 * read). An {@code unavailable} answer is retried with the same src/seq, as clients do.
 */
final class ReadYourWritesProbe implements Runnable {
  private static final long RETRY_MS = 150;

  private final String doc;
  private final String src;
  private final WebSocketClient sockets;
  private final int nginxPort;
  private final List<Integer> nodePorts;
  private final long answerBoundMs;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final List<String> violations = new ArrayList<>();
  private volatile boolean stopped;
  private FrameSocket socket;
  private long nextId = 1;
  private long seq;
  private long version;
  private int acked;
  private int reads;
  private long slowestAnswerMs;

  ReadYourWritesProbe(String doc, WebSocketClient sockets, int nginxPort, List<Integer> nodePorts, long answerBoundMs) {
    this.doc = doc;
    this.src = "ryw-" + doc.replace('/', '-');
    this.sockets = sockets;
    this.nginxPort = nginxPort;
    this.nodePorts = List.copyOf(nodePorts);
    this.answerBoundMs = answerBoundMs;
  }

  /** Creates the document (before any fault). */
  void create() {
    try (FrameSocket creator = FrameSocket.connect(sockets, nginxPort)) {
      JsonObject reply = creator.request(new JsonObject().put("t", "create").put("id", 1).put("doc", doc)
          .put("type", "json0").put("data", new JsonObject()));
      if (!"ack".equals(reply.getString("t"))) {
        throw new AssertionError("create " + doc + ": " + reply.encode());
      }
      version = 1;
    }
  }

  @Override
  public void run() {
    try {
      while (!stopped) {
        seq++;
        long committed = commit(seq);
        if (committed < 0) {
          return;
        }
        acked++;
        version = committed;
        for (int port : nodePorts) {
          checkHttp(port, committed);
          checkSub(port, committed);
        }
      }
    } catch (RuntimeException | AssertionError e) {
      violation("probe failed: " + e);
    } finally {
      if (socket != null) {
        socket.close();
      }
    }
  }

  void stop() {
    stopped = true;
  }

  synchronized List<String> violations() {
    return List.copyOf(violations);
  }

  String summary() {
    return doc + ": " + acked + " ops acked, " + reads + " reads checked, slowest answer to an op frame "
        + slowestAnswerMs + " ms";
  }

  /** Sends op {@code seq} until acked; its version, or -1 when stopped first. */
  private long commit(long seq) {
    JsonObject op = new JsonObject().put("t", "op").put("doc", doc).put("src", src).put("seq", seq)
        .put("v", version).put("op", new JsonArray().add(new JsonObject()
            .put("p", new JsonArray().add("k" + seq)).put("oi", seq)));
    while (!stopped) {
      if (socket == null && (socket = connect()) == null) {
        pause(RETRY_MS);
        continue;
      }
      long id = nextId++;
      long sent = System.currentTimeMillis();
      socket.send(op.copy().put("id", id));
      JsonObject answer = awaitAnswer(id, sent);
      if (answer == null) {
        continue; // stopped, or the connection closed: resend on a new one
      }
      if ("ack".equals(answer.getString("t"))) {
        return answer.getLong("v");
      }
      if (!"unavailable".equals(answer.getString("code"))) {
        violation("op seq " + seq + " answered " + answer.encode());
        return -1;
      }
      pause(RETRY_MS);
    }
    return -1;
  }

  private JsonObject awaitAnswer(long id, long sent) {
    boolean late = false;
    while (!stopped) {
      JsonObject frame = socket.poll(50);
      long waited = System.currentTimeMillis() - sent;
      if (frame == null) {
        if (waited > answerBoundMs && !late) {
          late = true;
          violation("op frame seq " + seq + " not answered within " + answerBoundMs + " ms");
        }
        continue;
      }
      if (FrameSocket.CLOSED.equals(frame.getString("t"))) {
        socket.close();
        socket = null;
        return null;
      }
      if (frame.getValue("re") instanceof Number re && re.longValue() == id) {
        slowestAnswerMs = Math.max(slowestAnswerMs, waited);
        return frame;
      }
    }
    return null;
  }

  private FrameSocket connect() {
    try {
      FrameSocket connected = FrameSocket.connect(sockets, nginxPort);
      connected.send(new JsonObject().put("t", "hello").put("id", nextId++).put("src", src));
      return connected;
    } catch (AssertionError | RuntimeException e) {
      return null;
    }
  }

  private void checkHttp(int port, long acked) {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/docs/"
        + URLEncoder.encode(doc, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(5)).GET().build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 200) {
        reads++;
        long seen = new JsonObject(response.body()).getLong("v");
        if (seen < acked) {
          violation("GET /docs on node :" + port + " returned v" + seen + " after v" + acked + " was acked");
        }
      } else if (response.statusCode() != 503) {
        violation("GET /docs on node :" + port + " answered " + response.statusCode() + " " + response.body());
      }
    } catch (IOException e) {
      // the node is down or cut off: not a stale read
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopped = true;
    }
  }

  private void checkSub(int port, long acked) {
    FrameSocket reader;
    try {
      reader = FrameSocket.connect(sockets, port);
    } catch (AssertionError | RuntimeException e) {
      return; // the node is down
    }
    try (reader) {
      reader.send(new JsonObject().put("t", "sub").put("id", 1).put("doc", doc));
      long deadline = System.currentTimeMillis() + 5_000;
      while (System.currentTimeMillis() < deadline && !stopped) {
        JsonObject frame = reader.poll(50);
        if (frame == null) {
          continue;
        }
        if (FrameSocket.CLOSED.equals(frame.getString("t"))) {
          return;
        }
        if (frame.getValue("re") instanceof Number re && re.longValue() == 1) {
          if ("snapshot".equals(frame.getString("t"))) {
            reads++;
            if (frame.getLong("v") < acked) {
              violation("sub on node :" + port + " replied v" + frame.getLong("v") + " after v" + acked + " was acked");
            }
          } else if (!"unavailable".equals(frame.getString("code"))) {
            violation("sub on node :" + port + " answered " + frame.encode());
          }
          return;
        }
      }
    }
  }

  private synchronized void violation(String what) {
    if (violations.size() < 20) {
      violations.add(doc + ": " + what);
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
