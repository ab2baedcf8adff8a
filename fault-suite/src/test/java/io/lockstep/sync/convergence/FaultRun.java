package io.lockstep.sync.convergence;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * One fault scenario on the running topology, checked from the outside through the wire
 * (docs/protocol.md), with every problem collected before the run fails:
 * <ul>
 *   <li>editors ({@link OtClient}s over nginx, riding out closes and {@code unavailable}) converge:
 *       every copy equals the snapshot, the op log is contiguous, replays to the snapshot and holds
 *       every acked op exactly once at its acked version ({@link ConvergenceChecks}), and every
 *       node serves that same snapshot;</li>
 *   <li>bounded staleness: {@link Watcher}s held on each node receive every op within
 *       {@link #STALE_BOUND_MS} of its commit, or of the end of the fault for ops committed during it,
 *       with no gap or duplicate;</li>
 *   <li>read-your-writes through every node and an answer to every op frame within
 *       {@link #ANSWER_BOUND_MS} ({@link ReadYourWritesProbe});</li>
 *   <li>the {@code doc:} feed of each document carries every version once ({@link DocFeedCheck});</li>
 *   <li>presence: leaves told exactly once, a killed node's members told left within
 *       {@link #PRESENCE_BOUND_MS}, and in the end every member's view is the connected members
 *       ({@link PresenceProbe}).</li>
 * </ul>
 */
final class FaultRun {
  /** Issue 14's targets (staleness: the target itself), with room for a loaded machine: see docs/operations.md. */
  static final long STALE_BOUND_MS = Long.getLong("lockstep.faults.staleBoundMs", 2_000);
  static final long ANSWER_BOUND_MS = Long.getLong("lockstep.faults.answerBoundMs", 10_000);
  static final long PRESENCE_BOUND_MS = Long.getLong("lockstep.faults.presenceBoundMs", 6_000);
  private static final int EDITORS = 12;
  private static final Fleet.Plan PLAN = new Fleet.Plan(50, 500, 0, 0);
  private static final long FAULT_AFTER_MS = 3_000;
  private static final long SETTLE_MS = 15_000;

  /** What the scenario does to the topology; returns when the fault is over. */
  interface Fault {
    void inject() throws Exception;
  }

  private final String name;
  private final long seed;
  private final LocalTopology topology;
  private final WebSocketClient sockets;
  private final Vertx vertx;
  private final List<String> violations = new ArrayList<>();
  private long stallMs;
  private int doomedNode;
  private long presenceLeaveMs = -1;
  /** Which watcher and op the worst staleness was, for the summary line. */
  private String worstStale = "-";

  FaultRun(String name, long seed, LocalTopology topology, Vertx vertx, WebSocketClient sockets) {
    this.name = name;
    this.vertx = vertx;
    this.seed = seed;
    this.topology = topology;
    this.sockets = sockets;
  }

  /** Adds a client on node 1 that stops reading for {@code millis} when the fault starts. */
  FaultRun withStalledReader(long millis) {
    stallMs = millis;
    return this;
  }

  /** The fault kills node {@code index}: its presence member is expected to be told left. */
  FaultRun dooming(int index) {
    doomedNode = index;
    return this;
  }

  /** Milliseconds from the kill until every surviving member was told the doomed one left. */
  long presenceLeaveMs() {
    return presenceLeaveMs;
  }

  void go(Fault fault) throws Exception {
    System.out.println("FaultRun " + name + " seed=" + seed);
    List<Integer> nodes = topology.nodePorts();
    int nginx = topology.nginxPort();
    Map<String, String> docs = new LinkedHashMap<>();
    docs.put(name + "/json", "json0");
    docs.put(name + "/text", "text-unicode");
    ExecutorService chaos = Executors.newSingleThreadExecutor(r -> daemon(r, "chaos-" + name));
    List<Watcher> watchers = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    Fleet fleet = new Fleet(nginx);
    ReadYourWritesProbe ryw = new ReadYourWritesProbe(name + "/ryw", sockets, nginx, nodes, ANSWER_BOUND_MS);
    PresenceProbe presence = new PresenceProbe("presence/" + name, sockets, nginx, nodes);
    StalledReader[] stalled = new StalledReader[1];
    try {
      docs.forEach(fleet::createDoc);
      ryw.create();
      List<String> docIds = new ArrayList<>(docs.keySet());
      List<OtClient> clients = new ArrayList<>();
      for (int i = 0; i < EDITORS; i++) {
        clients.add(fleet.client(name + "-c" + i, docIds.get(i % docIds.size())).surviveServerLoss());
      }
      for (String doc : docIds) {
        for (int n = 0; n < nodes.size(); n++) {
          List<Integer> order = new ArrayList<>(nodes.subList(n, nodes.size()));
          order.addAll(nodes.subList(0, n));
          watchers.add(new Watcher("watcher@node" + (n + 1), doc, sockets, order));
        }
      }
      watchers.forEach(w -> threads.add(start(w, w.name() + "-" + name)));
      threads.add(start(ryw, "ryw-" + name));
      presence.join(15_000);
      String doomed = doomedNode > 0 ? presence.doom(doomedNode) : null;
      threads.add(presence.startPumping());
      long watchedFrom = System.currentTimeMillis();

      long[] faultTimes = new long[2];
      Future<?> injected = chaos.submit(() -> {
        Thread.sleep(FAULT_AFTER_MS);
        faultTimes[0] = System.currentTimeMillis();
        if (stallMs > 0) {
          stalled[0] = StalledReader.stall(sockets, nodes.get(0), new ArrayList<>(docIds));
          Thread.sleep(stallMs);
          stalled[0].resume();
        }
        fault.inject();
        // A reader that stops reading is no fault of the topology: nobody else may fall behind.
        faultTimes[1] = stallMs > 0 ? faultTimes[0] : System.currentTimeMillis();
        System.out.printf("FaultRun %s: fault from %d ms to %d ms%n", name, faultTimes[0] - watchedFrom,
            faultTimes[1] - watchedFrom);
        return null;
      });

      boolean edited = false;
      try {
        Fleet.Totals totals = fleet.run(clients, PLAN, seed, Duration.ofSeconds(90));
        System.out.println("FaultRun " + name + ": " + totals);
        edited = true;
      } catch (AssertionError e) {
        violations.add("editors: " + e.getMessage());
      }
      injected.get(60, TimeUnit.SECONDS);
      ryw.stop();
      Map<String, Long> finalVersions = new LinkedHashMap<>();
      for (String doc : docIds) {
        finalVersions.put(doc, fleet.view().snapshotByHttp(doc).getLong("v"));
      }
      awaitWatchers(watchers, finalVersions);
      watchers.forEach(Watcher::stop);
      presence.stop();
      for (Thread thread : threads) {
        thread.join(10_000);
      }

      if (edited) {
        for (String doc : docIds) {
          check(() -> ConvergenceChecks.verify(fleet.view(), doc, clients.stream().filter(c -> c.doc().equals(doc)).toList()));
        }
      }
      for (String doc : docIds) {
        checkNodesAgree(doc, nodes);
        violations.addAll(DocFeedCheck.check(vertx, nginx, doc, finalVersions.get(doc)));
      }
      long worst = checkStaleness(fleet.view(), watchers, finalVersions, watchedFrom, faultTimes[1]);
      watchers.forEach(w -> violations.addAll(w.violations()));
      violations.addAll(ryw.violations());
      if (doomed != null) {
        presenceLeaveMs = presence.checkLeft(doomed, faultTimes[0], PRESENCE_BOUND_MS);
      }
      presence.awaitAgreement(10_000);
      violations.addAll(presence.violations());
      if (stalled[0] != null) {
        violations.addAll(stalled[0].check(finalVersions, 20_000));
      }
      System.out.printf("FaultRun %s: final versions %s; worst staleness %d ms (%s); %s; presence leave %s%n", name,
          finalVersions, worst, worstStale, ryw.summary(), presenceLeaveMs < 0 ? "-" : presenceLeaveMs + " ms");
    } catch (Throwable t) {
      violations.add("the run itself failed: " + t);
      t.printStackTrace(System.out);
    } finally {
      watchers.forEach(Watcher::stop);
      ryw.stop();
      presence.stop();
      presence.close();
      if (stalled[0] != null) {
        stalled[0].close();
      }
      chaos.shutdownNow();
      fleet.close();
    }
    if (!violations.isEmpty()) {
      System.out.println(topology.diagnostics());
      throw Seeds.withSeed(seed, new AssertionError(name + ": " + violations.size() + " problem(s):\n  - "
          + String.join("\n  - ", violations)));
    }
  }

  private void check(Runnable check) {
    try {
      check.run();
    } catch (AssertionError e) {
      violations.add(e.getMessage());
    }
  }

  /** Every node still up, asked directly, serves the snapshot nginx serves. */
  private void checkNodesAgree(String doc, List<Integer> nodes) {
    JsonObject expected = new ServerView(sockets, topology.nginxPort()).snapshotByHttp(doc);
    for (int n = 0; n < nodes.size(); n++) {
      if (n + 1 == doomedNode) {
        continue;
      }
      int port = nodes.get(n);
      check(() -> {
        JsonObject seen = new ServerView(sockets, port).snapshotByHttp(doc);
        if (seen.getLong("v").longValue() != expected.getLong("v").longValue()
            || !Canonical.of(seen.getValue("data")).equals(Canonical.of(expected.getValue("data")))) {
          throw new AssertionError(doc + ": node :" + port + " serves v" + seen.getLong("v") + " where nginx served v"
              + expected.getLong("v") + " (or different data)");
        }
      });
    }
  }

  private static void awaitWatchers(List<Watcher> watchers, Map<String, Long> finalVersions) throws InterruptedException {
    long deadline = System.currentTimeMillis() + SETTLE_MS;
    while (System.currentTimeMillis() < deadline
        && !watchers.stream().allMatch(w -> w.version() >= finalVersions.get(w.doc()))) {
      Thread.sleep(20);
    }
  }

  /**
   * For every watcher and every op committed after the watchers started: how long after its commit
   * (or after the fault ended, if later) the watcher first held it. Returns the worst delay.
   */
  private long checkStaleness(ServerView view, List<Watcher> watchers, Map<String, Long> finalVersions,
      long watchedFrom, long faultEnded) {
    long worst = 0;
    for (String doc : finalVersions.keySet()) {
      List<JsonObject> log = view.opLog(doc);
      for (Watcher w : watchers) {
        if (!w.doc().equals(doc)) {
          continue;
        }
        long watcherWorst = 0;
        String worstAt = "";
        for (JsonObject op : log) {
          long v = op.getLong("v");
          Long ts = op.getLong("ts");
          if (ts == null || ts < watchedFrom) {
            continue;
          }
          Long held = w.firstHeldAt().get(v);
          if (held == null) {
            violations.add(w.name() + " on " + doc + " never received v" + v + " (it holds v" + w.version()
                + " of v" + finalVersions.get(doc) + ")");
            break;
          }
          long late = held - Math.max(ts, faultEnded);
          if (late > watcherWorst) {
            watcherWorst = late;
            worstAt = "v" + v;
          }
        }
        if (watcherWorst > STALE_BOUND_MS) {
          violations.add(w.name() + " on " + doc + " received " + worstAt + " " + watcherWorst + " ms late (bound "
              + STALE_BOUND_MS + " ms)");
        }
        if (watcherWorst > worst) {
          worst = watcherWorst;
          worstStale = w.name() + " on " + doc + ", " + worstAt;
        }
      }
    }
    return worst;
  }

  private static Thread start(Runnable task, String threadName) {
    Thread thread = daemon(task, threadName);
    thread.start();
    return thread;
  }

  private static Thread daemon(Runnable task, String threadName) {
    Thread thread = new Thread(task, threadName);
    thread.setDaemon(true);
    return thread;
  }
}
