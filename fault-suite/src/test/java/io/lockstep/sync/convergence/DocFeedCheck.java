package io.lockstep.sync.convergence;

import io.lockstep.common.testing.sse.SseClient;
import io.lockstep.common.testing.sse.SseConnection;
import io.lockstep.common.testing.sse.SseEvent;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The built-in {@code doc:{doc}} feed (docs/protocol.md section 4), read from the start of its
 * history through nginx ({@code ?since=0-0}) once the run is over: it must carry every committed
 * version of the document exactly once, whatever failed while they were committed.
 */
final class DocFeedCheck {
  private static final long READ_MS = 10_000;

  private DocFeedCheck() {}

  /** The problems found in the feed of {@code doc}, whose versions are 1 to {@code finalV}. */
  static List<String> check(Vertx vertx, int nginxPort, String doc, long finalV) {
    List<String> problems = new ArrayList<>();
    Map<Long, Integer> seen = new TreeMap<>();
    try (SseClient client = new SseClient(vertx, "127.0.0.1", nginxPort)) {
      SseConnection stream = client.open("/feeds/doc:" + doc + "?since=0-0");
      if (stream.status() != 200) {
        return List.of("doc:" + doc + " feed answered " + stream.status() + " " + stream.errorBody());
      }
      long deadline = System.currentTimeMillis() + READ_MS;
      while (seen.size() < finalV && System.currentTimeMillis() < deadline) {
        SseEvent event = stream.poll(100);
        if (event != null && "op".equals(event.event())) {
          seen.merge(event.json().getLong("v"), 1, Integer::sum);
        }
      }
      stream.close();
    }
    List<Long> missing = new ArrayList<>();
    for (long v = 1; v <= finalV; v++) {
      Integer times = seen.get(v);
      if (times == null) {
        missing.add(v);
      } else if (times > 1) {
        problems.add("doc:" + doc + " feed carries v" + v + " " + times + " times");
      }
    }
    if (!missing.isEmpty()) {
      problems.add("doc:" + doc + " feed misses " + missing.size() + " of " + finalV + " versions: "
          + (missing.size() > 10 ? missing.subList(0, 10) + "…" : missing));
    }
    return problems;
  }
}
