package io.lockstep.sync.convergence;

import io.lockstep.sync.testing.FrameSocket;
import io.lockstep.sync.testing.SyncTestServer;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * Many {@link OtClient}s editing shared documents at once, one thread each, against a real server:
 * every client makes its random edits with random pauses (and, when the plan says so, drops its
 * connection now and then), then waits until its own ops are acked; once all are, each keeps
 * reading until it has applied the document's final version. A failure in any client stops all
 * and is rethrown with the seed that replays the clients' choices.
 */
final class Fleet implements AutoCloseable {

  /**
   * What each client does.
   *
   * @param edits local edits per client
   * @param maxPauseMs longest pause before an edit (uniform from 0)
   * @param minDropEvery fewest edits between two connection drops; 0 for no drops
   * @param maxDropEvery most edits between two connection drops
   */
  record Plan(int edits, int maxPauseMs, int minDropEvery, int maxDropEvery) {
    boolean drops() {
      return minDropEvery > 0;
    }
  }

  /** Totals over every client, to show which paths a run exercised. */
  record Totals(int reconnects, int resends, int ackedByCatchUp, int lostSends, int resubscribes,
      int acksAheadOfStream, int serverCloses, int failedConnects, int unavailableRetries) {}

  private final int port;
  private final Vertx clientVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
  private final WebSocketClient sockets = clientVertx.createWebSocketClient(new WebSocketClientOptions()
      .setMaxFrameSize(16 * 1024 * 1024).setMaxMessageSize(64 * 1024 * 1024).setMaxConnections(1_000));
  private final ServerView view;
  private final Map<String, String> docTypes = new LinkedHashMap<>();

  Fleet(SyncTestServer server) {
    this(server.port());
  }

  /** A fleet for the server (or proxy) on the loopback {@code port}. */
  Fleet(int port) {
    this.port = port;
    this.view = new ServerView(sockets, port);
  }

  ServerView view() {
    return view;
  }

  /** Creates {@code doc} with the type's usual initial data. */
  void createDoc(String doc, String type) {
    view.create(doc, type, RandomEdits.forType(type).initialData());
    docTypes.put(doc, type);
  }

  /** A new socket to the server, for tests that speak frames themselves. */
  FrameSocket connect() {
    return FrameSocket.connect(sockets, port);
  }

  OtClient client(String src, String doc) {
    return new OtClient(src, doc, () -> FrameSocket.connect(sockets, port));
  }

  /**
   * Runs every client concurrently by {@code plan}, client {@code i} drawing from
   * {@code new Random(seed + i)}, until all have applied the final versions; fails after {@code limit}.
   */
  Totals run(List<OtClient> clients, Plan plan, long seed, Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch settled = new CountDownLatch(clients.size());
    CountDownLatch stop = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < clients.size(); i++) {
      OtClient client = clients.get(i);
      Runner runner = new Runner(client, RandomEdits.forType(docTypes.get(client.doc())), new Random(seed + i), plan,
          deadline, settled, stop, failure);
      Thread thread = new Thread(runner, "client-" + client.src());
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
    // The clients give up at the deadline with their own history; this thread a little later.
    long patience = deadline + TimeUnit.SECONDS.toNanos(1);
    try {
      awaitOrFail(settled, patience, failure, "every client's ops acked");
      Map<String, Long> finalVersions = new LinkedHashMap<>();
      docTypes.keySet().forEach(doc -> finalVersions.put(doc, view.snapshotByHttp(doc).getLong("v")));
      while (!clients.stream().allMatch(c -> c.visibleVersion() == finalVersions.get(c.doc()))) {
        rethrow(failure);
        if (System.nanoTime() > patience) {
          throw new AssertionError("clients did not reach the final versions " + finalVersions + " in time: "
              + clients.stream().map(c -> c.src() + "@" + c.visibleVersion()).toList());
        }
        Thread.sleep(5);
      }
    } finally {
      stop.countDown();
      for (Thread thread : threads) {
        thread.join(5_000);
      }
    }
    rethrow(failure);
    if (Boolean.getBoolean("lockstep.fleet.verbose")) {
      clients.forEach(c -> System.out.println("  " + c.stats()));
    }
    int reconnects = 0;
    int resends = 0;
    int byCatchUp = 0;
    int lost = 0;
    int resubscribes = 0;
    int ahead = 0;
    int closes = 0;
    int failedConnects = 0;
    int retries = 0;
    for (OtClient client : clients) {
      reconnects += client.reconnects();
      resends += client.resends();
      byCatchUp += client.ackedByCatchUp();
      lost += client.lostSends();
      resubscribes += client.resubscribes();
      ahead += client.acksAheadOfStream();
      closes += client.serverCloses();
      failedConnects += client.failedConnects();
      retries += client.unavailableRetries();
    }
    return new Totals(reconnects, resends, byCatchUp, lost, resubscribes, ahead, closes, failedConnects, retries);
  }

  private static void awaitOrFail(CountDownLatch latch, long deadline, AtomicReference<Throwable> failure, String what)
      throws InterruptedException {
    while (!latch.await(10, TimeUnit.MILLISECONDS)) {
      rethrow(failure);
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what + " (" + latch.getCount() + " clients left)");
      }
    }
    rethrow(failure);
  }

  private static void rethrow(AtomicReference<Throwable> failure) {
    Throwable t = failure.get();
    if (t instanceof AssertionError e) {
      throw e;
    }
    if (t != null) {
      throw new AssertionError(t);
    }
  }

  @Override
  public void close() {
    clientVertx.close();
  }

  /** One client's life on its own thread. */
  private static final class Runner implements Runnable {
    private final OtClient client;
    private final RandomEdits edits;
    private final Random rnd;
    private final Plan plan;
    private final long deadline;
    private final CountDownLatch settled;
    private final CountDownLatch stop;
    private final AtomicReference<Throwable> failure;

    Runner(OtClient client, RandomEdits edits, Random rnd, Plan plan, long deadline, CountDownLatch settled,
        CountDownLatch stop, AtomicReference<Throwable> failure) {
      this.client = client;
      this.edits = edits;
      this.rnd = rnd;
      this.plan = plan;
      this.deadline = deadline;
      this.settled = settled;
      this.stop = stop;
      this.failure = failure;
    }

    @Override
    public void run() {
      try {
        live();
      } catch (Throwable t) {
        failure.compareAndSet(null, t);
      } finally {
        client.close();
      }
    }

    private void live() {
      client.open();
      pumpUntil(client::canEdit, "the first snapshot");
      int untilDrop = nextDropGap();
      for (int i = 0; i < plan.edits(); i++) {
        pumpFor(rnd.nextInt(plan.maxPauseMs() + 1));
        pumpUntil(client::canEdit, "edits allowed again");
        boolean drop = plan.drops() && --untilDrop <= 0;
        int how = drop ? rnd.nextInt(4) : -1;
        if (how == 0) {
          // The next op this client sends (this edit, or a later op once the one in flight is
          // acked) never reaches the server: the connection drops as it is written.
          client.dropOnNextSend();
        }
        client.edit(edits.next(client.document(), rnd));
        if (drop && how > 0) {
          // Right after sending (the server may commit the op before, during or after the new
          // connection's catch-up), or a little later (the ack may be on its way).
          pumpFor(how == 1 ? 0 : how == 2 ? rnd.nextInt(3) : rnd.nextInt(15));
          client.reconnect();
        }
        if (drop) {
          untilDrop = nextDropGap();
        }
      }
      pumpUntil(client::idle, "own ops acked");
      settled.countDown();
      while (stop.getCount() > 0) {
        client.pump(5);
        checkDeadline("the final version");
      }
    }

    private int nextDropGap() {
      return plan.drops() ? plan.minDropEvery() + rnd.nextInt(plan.maxDropEvery() - plan.minDropEvery() + 1) : 0;
    }

    private void pumpFor(long millis) {
      long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
      while (true) {
        long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
        if (left <= 0) {
          while (client.pump(0)) {
            // drain what is already there
          }
          return;
        }
        client.pump(left);
      }
    }

    private void pumpUntil(BooleanSupplier done, String what) {
      while (!done.getAsBoolean()) {
        client.pump(5);
        checkDeadline(what);
      }
    }

    private void checkDeadline(String what) {
      if (System.nanoTime() > deadline) {
        throw client.stuck("timed out waiting for " + what);
      }
      if (failure.get() != null) {
        throw new IllegalStateException("stopping: another client failed");
      }
    }
  }
}
