package io.lockstep.bench.load;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToIntFunction;

/**
 * One simulated client on one document, on its connection's event loop. A listener only counts and
 * times the ops it receives. A sender also edits: in closed loop it keeps one op in flight and sends
 * the next on the ack; at a fixed rate it sends on a schedule, pipelining when acks lag.
 *
 * <p>A sender makes each op against the latest version it has seen, so it must know the document's
 * length at that version without its own unacknowledged ops. Ops of others arrive as the server
 * committed them, so their length change is read off the wire. An own op is acked with just a
 * version, and the server may have transformed it (a delete that overlapped a concurrent delete
 * shrinks), so the editor transforms it the way the server did, {@code transform(op, b, LEFT)} over
 * every op committed between its base and its version, and takes the length change from that. The
 * ops it needs for this are kept in {@code history} only while something is in flight.
 */
final class Editor {
  /** Most schedule ticks caught up at once when the generator fell behind. */
  private static final int MAX_BURST = 8;
  private static final long ERROR_BACKOFF_MS = 10;

  private record InFlight(Object op, long base, long sentNanos, Map<String, Object> frame) {}

  private record Committed(long v, Object op) {}

  private final int index;
  private final String src;
  private final String doc;
  private final SyncSocket socket;
  private final Vertx vertx;
  private final Edits edits;
  private final CommitModel model;
  private final RunStats stats;
  private final ToIntFunction<String> editorOfSrc;
  private final boolean sender;
  private final SplittableRandom random;
  private final Promise<Void> ready = Promise.promise();
  private final ArrayDeque<Committed> history = new ArrayDeque<>();
  private final LinkedHashMap<Long, InFlight> inFlight = new LinkedHashMap<>();
  private final Map<Long, Long> seqOfRequest = new HashMap<>();
  private long subRequest = -1;
  private long seenV = -1;
  private int length;
  private long seq;
  private boolean running;
  private boolean closedLoop;
  private long periodNanos;
  private long nextDue;
  private int burst = 1;
  private volatile int pending;

  Editor(int index, String src, String doc, SyncSocket socket, Vertx vertx, Edits edits, RunStats stats,
      ToIntFunction<String> editorOfSrc, boolean sender, long seed) {
    this.index = index;
    this.src = src;
    this.doc = doc;
    this.socket = socket;
    this.vertx = vertx;
    this.edits = edits;
    this.model = CommitModel.of(edits.type());
    this.stats = stats;
    this.editorOfSrc = editorOfSrc;
    this.sender = sender;
    this.random = new SplittableRandom(seed);
  }

  /** Says hello and subscribes; completes once the snapshot is in. Call on the socket's context. */
  Future<Void> join(Duration timeout) {
    socket.listen(this::onFrame);
    socket.onUnexpectedClose(code -> {
      stats.unexpectedCloses.increment();
      stats.error("closed-" + code);
      running = false;
      ready.tryFail("connection closed with " + code);
    });
    return socket.hello(src).compose(welcome -> {
      subRequest = socket.send(new HashMap<>(Map.of("t", "sub", "doc", doc)));
      long timer = vertx.setTimer(timeout.toMillis(), t -> ready.tryFail("no snapshot within " + timeout.toMillis() + " ms"));
      return ready.future().andThen(ar -> vertx.cancelTimer(timer));
    });
  }

  /** Closed loop: one op in flight, the next sent on its ack. */
  void startClosedLoop() {
    socket.context().runOnContext(v -> {
      running = true;
      closedLoop = true;
      sendOne();
    });
  }

  /**
   * Fixed rate: {@code burst} ops back to back every {@code burst/rate} s from {@code phase} on,
   * however many are in flight.
   */
  void startFixedRate(double rate, Duration phase, int burst) {
    socket.context().runOnContext(v -> {
      running = true;
      this.burst = burst;
      periodNanos = Math.max(1, Math.round(1e9 * burst / rate));
      nextDue = System.nanoTime() + phase.toNanos();
      tick();
    });
  }

  /** Stops sending; ops in flight still get their acks. */
  void stop() {
    socket.context().runOnContext(v -> running = false);
  }

  /** Ops sent and not yet acked or refused; readable from any thread. */
  int pending() {
    return pending;
  }

  Future<Void> close() {
    return socket.close();
  }

  private void tick() {
    if (!running) {
      return;
    }
    long now = System.nanoTime();
    int ticks = 0;
    while (nextDue <= now && ticks < MAX_BURST) {
      for (int i = 0; i < burst; i++) {
        sendOne();
      }
      nextDue += periodNanos;
      ticks++;
    }
    if (nextDue <= now) {
      // The load generator fell behind its own schedule: count what it skipped rather than
      // bursting without bound (the summary reports these as missed sends).
      long behind = (now - nextDue) / periodNanos + 1;
      stats.missedSends.add(behind);
      nextDue += behind * periodNanos;
    }
    long delayMs = Math.max(1, (nextDue - now + 999_999) / 1_000_000);
    vertx.setTimer(delayMs, id -> tick());
  }

  private void sendOne() {
    List<Object> wire = edits.next(random, length);
    Object parsed = model.parse(wire);
    long opSeq = ++seq;
    Map<String, Object> frame = new HashMap<>(8);
    frame.put("t", "op");
    frame.put("doc", doc);
    frame.put("v", seenV);
    frame.put("src", src);
    frame.put("seq", opSeq);
    frame.put("op", wire);
    long now = System.nanoTime();
    inFlight.put(opSeq, new InFlight(parsed, seenV, now, frame));
    stats.recordSend(index, opSeq, now);
    seqOfRequest.put(socket.send(frame), opSeq);
    pending = inFlight.size();
  }

  private void onFrame(Map<String, Object> frame) {
    Object t = frame.get("t");
    if ("op".equals(t)) {
      onOp(frame);
    } else if ("ack".equals(t)) {
      onAck(frame);
    } else if ("snapshot".equals(t)) {
      seenV = number(frame, "v");
      if (sender) {
        length = edits.lengthOf(frame.get("data"));
      }
      ready.tryComplete();
    } else if ("err".equals(t)) {
      onError(frame);
    }
  }

  private void onOp(Map<String, Object> frame) {
    long now = System.nanoTime();
    long v = number(frame, "v");
    checkOrder(v);
    Object opSrc = frame.get("src");
    if (opSrc instanceof String s) {
      stats.recordDelivery(editorOfSrc.applyAsInt(s), number(frame, "seq"), now);
    }
    Object wire = frame.get("op");
    if (sender && wire != null) {
      if (!inFlight.isEmpty()) {
        history.addLast(new Committed(v, model.parse(wire)));
      }
      length += edits.delta(wire);
    }
    seenV = v;
  }

  private void onAck(Map<String, Object> frame) {
    Long opSeq = seqOfRequest.remove(number(frame, "re"));
    InFlight op = opSeq == null ? null : inFlight.remove(opSeq);
    if (op == null) {
      return;
    }
    long now = System.nanoTime();
    long v = number(frame, "v");
    checkOrder(v);
    stats.recordAck(op.sentNanos(), now);
    Object committed = asCommitted(op, v);
    length += edits.delta(model.write(committed));
    if (!inFlight.isEmpty()) {
      history.addLast(new Committed(v, committed));
    }
    seenV = Math.max(seenV, v);
    trimHistory();
    pending = inFlight.size();
    if (closedLoop && running) {
      sendOne();
    }
  }

  /** The op as the server committed it at {@code v}: transformed over what was committed after its base. */
  private Object asCommitted(InFlight op, long v) {
    List<Object> between = new ArrayList<>();
    for (Committed c : history) {
      if (c.v() > op.base() && c.v() < v) {
        between.add(c.op());
      }
    }
    return model.afterAll(op.op(), between);
  }

  private void trimHistory() {
    if (inFlight.isEmpty()) {
      history.clear();
      return;
    }
    long oldestBase = inFlight.values().iterator().next().base();
    while (!history.isEmpty() && history.peekFirst().v() <= oldestBase) {
      history.pollFirst();
    }
  }

  private void onError(Map<String, Object> frame) {
    Object re = frame.get("re");
    if (re instanceof Number n && "unavailable".equals(frame.get("code")) && frame.get("retryMs") instanceof Number retry
        && resendLater(n.longValue(), retry.longValue())) {
      return;
    }
    stats.error(String.valueOf(frame.get("code")));
    if (!(re instanceof Number n)) {
      return;
    }
    if (n.longValue() == subRequest) {
      ready.tryFail("sub refused: " + frame.get("code") + ": " + frame.get("msg"));
      return;
    }
    Long opSeq = seqOfRequest.remove(n.longValue());
    if (opSeq != null && inFlight.remove(opSeq) != null) {
      trimHistory();
      pending = inFlight.size();
      if (closedLoop && running) {
        vertx.setTimer(ERROR_BACKOFF_MS, id -> {
          if (running && inFlight.isEmpty()) {
            sendOne();
          }
        });
      }
    }
  }

  /**
   * An op the server shed (overload: {@code unavailable} with {@code retryMs}) is resent as the SDK
   * does: the same frame (src, seq, base) after {@code retryMs}, still in flight, its ack latency
   * counted from the first send. Counted as {@link RunStats#SHED}, not as an error. False when the
   * request is not an op in flight.
   */
  private boolean resendLater(long request, long retryMs) {
    Long opSeq = seqOfRequest.remove(request);
    InFlight op = opSeq == null ? null : inFlight.get(opSeq);
    if (op == null) {
      return false;
    }
    stats.error(RunStats.SHED);
    vertx.setTimer(Math.max(1, retryMs), id -> {
      if (inFlight.get(opSeq) == op) {
        seqOfRequest.put(socket.send(op.frame()), opSeq);
      }
    });
    return true;
  }

  /** Versions of one document reach one connection in order, no gap, no duplicate (PROTOCOL.md §1). */
  private void checkOrder(long v) {
    if (seenV >= 0 && v != seenV + 1) {
      stats.orderViolations.increment();
    }
  }

  private static long number(Map<String, Object> frame, String field) {
    Object value = frame.get(field);
    return value instanceof Number n ? n.longValue() : -1;
  }
}
