package io.lockstep.sync.convergence;

import io.lockstep.common.ot.OtType;
import io.lockstep.common.ot.Side;
import io.lockstep.common.ot.registry.OtTypes;
import io.lockstep.common.util.PlainJson;
import io.lockstep.sync.testing.FrameSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The standard OT client for one document, as docs/protocol.md describes it: a local snapshot at
 * version {@code v}, at most one op in flight, later local edits composed into one pending op, and
 * every frame handled strictly in arrival order (replies included) by whoever calls {@link #pump}.
 * Not thread-safe: one thread drives it; {@link #visibleVersion()} is the one thing other threads
 * may read.
 *
 * <p>Reconnecting ({@link #reconnect}) keeps {@code src} and {@code seq}: {@code hello}, {@code sub}
 * from the last applied version, apply the catch-up (an op carrying this client's src and in-flight
 * seq is the in-flight op, committed: it counts as its ack), then resend the in-flight op with its
 * original seq, op and base version when the catch-up did not hold it.
 *
 * <p>Anything that breaks the protocol's promises (a gap or duplicate in the op stream, an ack
 * out of stream position, an error frame, an own op applied twice) throws {@link AssertionError}
 * with the client's recent history.
 *
 * <p>{@link #surviveServerLoss} (off by default) is for runs against a topology whose nodes or
 * store may fail: a connection the server closes, or a connect that fails, is then handled as a
 * dropped connection (reconnect with a short backoff, then the recipe above), and an
 * {@code unavailable} error answering an op or a {@code sub} is retried after a short backoff;
 * both a bounded number of times in a row.
 */
final class OtClient {
  private static final int TRACE = 60;
  /** Attempts in a row (connects, or retries of one op or sub) before a resilient client gives up. */
  private static final int MAX_ATTEMPTS = 40;
  private static final long MAX_BACKOFF_MS = 500;

  private final String src;
  private final String doc;
  private final Supplier<FrameSocket> connector;
  private final ArrayDeque<String> trace = new ArrayDeque<>();
  private final long born = System.nanoTime();

  private FrameSocket socket;
  private long nextId = 1;
  private long nextSeq = 1;
  private long subRequest = -1;
  private boolean dropOnNextSend;
  private boolean surviveServerLoss;
  /** Failed attempts in a row: connects, and retries of the op in flight or of the sub. */
  private int connectFailures;
  private int opRetries;
  private int subRetries;

  private OtType<Object, Object> type;
  private Object snapshot;
  private long v = -1;
  private volatile long visibleVersion = -1;

  /** The op in flight, as transformed so far (it applies at {@code v}); null when none. */
  private Object inflight;
  private long inflightSeq;
  private Object inflightWire;
  private long inflightBase;
  private long inflightRequest = -1;
  /** Whether the server has the in-flight op on the current socket (it answers every op it received). */
  private boolean inflightOnSocket;
  /**
   * An ack of the in-flight op that came before the stream reached the op (while resubscribing,
   * or flushed by the server as it dropped a broken subscription); the op itself will come in the
   * catch-up or the live ops after it, and must be at this version.
   */
  private long earlyAck = -1;
  /**
   * After a snapshot reply while an op was in flight: the snapshot replaced the local document,
   * which therefore does not hold the in-flight op, until the resubmission's ack says where it is.
   */
  private boolean detached;
  private Object pending;

  private final Map<Long, Long> requestSeqs = new HashMap<>();
  private final Set<Long> sentSeqs = new TreeSet<>();
  private final Map<Long, Long> ackedVersions = new TreeMap<>();
  private int edits;
  private int reconnects;
  private int resends;
  private int ackedByCatchUp;
  private int snapshotReplies;
  private int lostSends;
  private int resubscribes;
  private int acksAheadOfStream;
  private int serverCloses;
  private int failedConnects;
  private int unavailableRetries;
  private long syncStarted;
  private long slowestSyncNanos;
  private long syncNanos;
  private int syncs;

  OtClient(String src, String doc, Supplier<FrameSocket> connector) {
    this.src = src;
    this.doc = doc;
    this.connector = connector;
  }

  /**
   * Makes this client ride out failures of the server side (see the class comment) instead of
   * failing on them. Returns this client.
   */
  OtClient surviveServerLoss() {
    surviveServerLoss = true;
    return this;
  }

  String src() {
    return src;
  }

  String doc() {
    return doc;
  }

  /** Connects, says hello and subscribes (for a snapshot the first time, from {@code v} after). */
  void open() {
    socket = connect();
    inflightOnSocket = false;
    long hello = nextId++;
    socket.send(new JsonObject().put("t", "hello").put("id", hello).put("src", src));
    subscribe("open");
  }

  private FrameSocket connect() {
    if (!surviveServerLoss) {
      return connector.get();
    }
    while (true) {
      try {
        FrameSocket connected = connector.get();
        connectFailures = 0;
        return connected;
      } catch (AssertionError | RuntimeException e) {
        // nginx answers 502 while it notices a dead upstream; a restarting node refuses.
        failedConnects++;
        connectFailures++;
        note("connect failed (" + connectFailures + " in a row): " + rootMessage(e));
        if (connectFailures >= MAX_ATTEMPTS) {
          throw failure("gave up connecting after " + connectFailures + " attempts in a row", e);
        }
        backoff(connectFailures);
      }
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.toString();
  }

  private static void backoff(int attempt) {
    long millis = Math.min(MAX_BACKOFF_MS, 25L << Math.min(attempt, 5));
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during a backoff", e);
    }
  }

  private void subscribe(String why) {
    subRequest = nextId++;
    syncStarted = System.nanoTime();
    JsonObject sub = new JsonObject().put("t", "sub").put("id", subRequest).put("doc", doc);
    if (v >= 0) {
      sub.put("v", v);
    }
    socket.send(sub);
    note(why + ": sub#" + subRequest + (v >= 0 ? " from v" + v : " for a snapshot"));
  }

  /** Drops the connection as a network failure would (frames not yet read are lost) and opens a new one. */
  void reconnect() {
    socket.close();
    reconnects++;
    note("reconnect (inflight " + (inflight == null ? "none" : "seq " + inflightSeq) + ", pending "
        + (pending != null) + ")");
    open();
  }

  /**
   * The next time this client sends an op (a new one or a resend), the connection drops just
   * before the op is written: the server never sees it, and the client reconnects at once.
   */
  void dropOnNextSend() {
    dropOnNextSend = true;
  }

  void close() {
    if (socket != null) {
      socket.close();
    }
  }

  /** Handles the next frame if one arrives within {@code millis}; true when one was handled. */
  boolean pump(long millis) {
    JsonObject frame = socket.poll(millis);
    if (frame == null) {
      return false;
    }
    try {
      handle(frame);
    } catch (AssertionError e) {
      throw failure(e.getMessage(), e);
    } catch (RuntimeException e) {
      throw failure("handling " + frame.encode() + " threw " + e, e);
    }
    return true;
  }

  /** Applies a local edit (made against {@link #document()}) and sends it when nothing is in flight. */
  void edit(Object opJson) {
    if (!canEdit()) {
      throw failure("edit while the client cannot edit", null);
    }
    Object op;
    try {
      op = type.parseOp(opJson);
      snapshot = type.apply(snapshot, op);
    } catch (RuntimeException e) {
      throw failure("the generator made an edit that does not apply: " + Canonical.text(opJson) + ": " + e, e);
    }
    pending = pending == null ? op : type.compose(pending, op);
    edits++;
    flush();
  }

  /** Whether local edits are possible: the document is known and not detached by a snapshot reply. */
  boolean canEdit() {
    return type != null && !detached;
  }

  /** Synced, nothing in flight, nothing pending. */
  boolean idle() {
    return subRequest < 0 && inflight == null && pending == null && !detached;
  }

  /** The local document as plain JSON. */
  Object document() {
    return type.writeSnapshot(snapshot);
  }

  long version() {
    return v;
  }

  /** The last applied version, readable from any thread. */
  long visibleVersion() {
    return visibleVersion;
  }

  /** Every seq this client sent (first sends; resends reuse them). */
  Set<Long> sentSeqs() {
    return Collections.unmodifiableSet(sentSeqs);
  }

  /** seq → version, for every op the server acked (by an ack or by the catch-up). */
  Map<Long, Long> ackedVersions() {
    return Collections.unmodifiableMap(ackedVersions);
  }

  /** The version of the op with this seq, or null while it is not acked. */
  Long ackedVersion(long seq) {
    return ackedVersions.get(seq);
  }

  /** The seq of the op in flight (valid while one is). */
  long inflightSeq() {
    return inflightSeq;
  }

  /** A failure carrying this client's recent history, for a caller that gave up waiting on it. */
  AssertionError stuck(String why) {
    return failure(why + "; " + stats(), null);
  }

  String stats() {
    return src + ": " + edits + " edits, " + sentSeqs.size() + " ops sent, " + reconnects + " reconnects, "
        + resends + " resends, " + ackedByCatchUp + " acked by catch-up, " + snapshotReplies + " snapshot replies, "
        + lostSends + " lost sends, " + resubscribes + " resubscribes, " + acksAheadOfStream + " acks ahead of the stream, "
        + serverCloses + " closed by the server, " + failedConnects + " failed connects, " + unavailableRetries
        + " retries after unavailable, sub replies in "
        + (syncs == 0 ? 0 : syncNanos / syncs / 1_000_000) + " ms on average, "
        + slowestSyncNanos / 1_000_000 + " ms at most";
  }

  int resubscribes() {
    return resubscribes;
  }

  int acksAheadOfStream() {
    return acksAheadOfStream;
  }

  /** Connections the server (or the proxy) closed, each followed by a reconnect. */
  int serverCloses() {
    return serverCloses;
  }

  int failedConnects() {
    return failedConnects;
  }

  /** Ops resent and subs retried after an {@code unavailable} error answering them. */
  int unavailableRetries() {
    return unavailableRetries;
  }

  int reconnects() {
    return reconnects;
  }

  int resends() {
    return resends;
  }

  int ackedByCatchUp() {
    return ackedByCatchUp;
  }

  int lostSends() {
    return lostSends;
  }

  // ---- frames, in arrival order ----

  private void handle(JsonObject frame) {
    String t = frame.getString("t");
    switch (t) {
      case "welcome" -> note("welcome");
      case "snapshot" -> onSnapshot(frame);
      case "ops" -> onCatchUp(frame);
      case "op" -> {
        if (subRequest >= 0) {
          throw new AssertionError("live op before the reply to sub: " + frame.encode());
        }
        onCommitted(frame);
      }
      case "ack" -> onAck(frame);
      case "err" -> onError(frame);
      case FrameSocket.CLOSED -> onClosed(frame);
      default -> throw new AssertionError("unexpected frame: " + frame.encode());
    }
  }

  /** The server (or a proxy in front of it) closed the connection. */
  private void onClosed(JsonObject frame) {
    if (!surviveServerLoss) {
      throw new AssertionError("the server closed the connection: " + frame.encode());
    }
    serverCloses++;
    reconnects++;
    note("the server closed the connection (code " + frame.getValue("code") + "): reconnect (inflight "
        + (inflight == null ? "none" : "seq " + inflightSeq) + ", pending " + (pending != null) + ")");
    socket.close();
    backoff(0);
    open();
  }

  /**
   * The retryable errors of docs/protocol.md are handled as it says; any other error fails the
   * client. {@code unavailable} without a request id means the server dropped the subscription
   * ("live updates interrupted; subscribe again from your version"); on an op, that the op was
   * not committed and may be resent.
   */
  private void onError(JsonObject frame) {
    String code = frame.getString("code");
    Object re = frame.getValue("re");
    if ("unavailable".equals(code) && re == null && doc.equals(frame.getString("doc")) && subRequest < 0) {
      resubscribes++;
      subscribe("resubscribe after " + frame.getString("msg"));
      return;
    }
    if (("unavailable".equals(code) || "rate_limited".equals(code)) && re instanceof Number id
        && inflight != null && id.longValue() == inflightRequest) {
      note("op#" + inflightRequest + " refused (" + code + ", " + frame.getString("msg") + "): resend");
      if (surviveServerLoss) {
        unavailableRetries++;
        if (++opRetries >= MAX_ATTEMPTS) {
          throw new AssertionError("op seq " + inflightSeq + " refused " + opRetries + " times in a row: " + frame.encode());
        }
        backoff(opRetries);
      }
      resends++;
      sendInflight();
      return;
    }
    if (("unavailable".equals(code) || "rate_limited".equals(code)) && re instanceof Number id
        && settled(id.longValue())) {
      // A resend's answer after the op was settled: an earlier send was committed after all (its own
      // answer was "unavailable": may or may not) and came back in the stream. Nothing is left to retry.
      note("op#" + id + " refused (" + code + ") after seq " + requestSeqs.get(id.longValue()) + " was committed: ignored");
      return;
    }
    if (surviveServerLoss && "unavailable".equals(code) && re instanceof Number id && id.longValue() == subRequest) {
      unavailableRetries++;
      if (++subRetries >= MAX_ATTEMPTS) {
        throw new AssertionError("sub refused " + subRetries + " times in a row: " + frame.encode());
      }
      backoff(subRetries);
      subscribe("sub#" + id + " refused (" + frame.getString("msg") + "): retry");
      return;
    }
    throw new AssertionError("error frame: " + frame.encode());
  }

  /** Whether the op sent with request {@code id} has been committed (acked, or seen in the stream). */
  private boolean settled(long id) {
    Long seq = requestSeqs.get(id);
    return seq != null && ackedVersions.containsKey(seq);
  }

  private void requireSubReply(JsonObject frame) {
    if (subRequest < 0 || !(frame.getValue("re") instanceof Number re) || re.longValue() != subRequest) {
      throw new AssertionError("unexpected " + frame.getString("t") + " reply (waiting for sub#" + subRequest + ")");
    }
  }

  private void onSnapshot(JsonObject frame) {
    requireSubReply(frame);
    snapshotReplies++;
    long at = frame.getLong("v");
    note("snapshot v" + at);
    if (frame.getString("type") == null) {
      throw new AssertionError("the document " + doc + " does not exist");
    }
    if (type == null) {
      type = typeNamed(frame.getString("type"));
    }
    if (pending != null) {
      // Pending edits were made on top of a version whose successors the server no longer keeps:
      // nothing can rebase them (the server would answer conflict too).
      throw new AssertionError("snapshot reply at v" + at + " while holding pending local edits, which cannot be rebased");
    }
    snapshot = type.create(PlainJson.unwrap(frame.getValue("data")));
    setVersion(at);
    detached = inflight != null;
    finishSync();
  }

  private void onCatchUp(JsonObject frame) {
    requireSubReply(frame);
    JsonArray ops = frame.getJsonArray("ops");
    note("catch-up from v" + frame.getLong("from") + ": " + ops.size() + " ops");
    if (frame.getLong("from") != v) {
      throw new AssertionError("catch-up from v" + frame.getLong("from") + " but sub asked from v" + v);
    }
    for (int i = 0; i < ops.size(); i++) {
      onCommitted(ops.getJsonObject(i));
    }
    finishSync();
  }

  private void finishSync() {
    subRequest = -1;
    subRetries = 0;
    long took = System.nanoTime() - syncStarted;
    slowestSyncNanos = Math.max(slowestSyncNanos, took);
    syncNanos += took;
    syncs++;
    if (inflight != null && !inflightOnSocket) {
      resends++;
      note("resend seq " + inflightSeq + " against its original base v" + inflightBase);
      sendInflight();
    } else {
      flush();
    }
  }

  /** A committed op, live or from a catch-up: someone else's, or this client's in-flight one. */
  private void onCommitted(JsonObject frame) {
    long at = frame.getLong("v");
    String opSrc = frame.getString("src");
    long opSeq = frame.getLong("seq", 0L);
    if (at != v + 1) {
      throw new AssertionError("op " + opSrc + "/" + opSeq + " at v" + at + " while at v" + v + ": "
          + (at <= v ? "a duplicate" : "a gap"));
    }
    if (frame.containsKey("create") || frame.getBoolean("del", false)) {
      throw new AssertionError("unexpected creation or deletion: " + frame.encode());
    }
    Object remote = type.parseOp(PlainJson.unwrap(frame.getValue("op")));
    if (src.equals(opSrc)) {
      if (inflight == null || opSeq != inflightSeq) {
        throw new AssertionError("own op seq " + opSeq + " came back at v" + at + " but the op in flight is "
            + (inflight == null ? "none" : "seq " + inflightSeq) + " (acked before at "
            + ackedVersions.get(opSeq) + "): committed twice?");
      }
      if (earlyAck >= 0 && earlyAck != at) {
        throw new AssertionError("seq " + opSeq + " was acked at v" + earlyAck + " but came back at v" + at);
      }
      if (detached) {
        // The snapshot did not hold our op; this is its committed form, so apply it as it is.
        snapshot = type.apply(snapshot, remote);
        detached = false;
      }
      ackedByCatchUp += subRequest >= 0 ? 1 : 0;
      committedOwn(at, subRequest >= 0 ? "catch-up" : "own op frame");
      return;
    }
    if (!detached) {
      // The standard transform pair (tie-break convention of PROTOCOL.md): our ops were made
      // later from the server's point of view, so they go LEFT and the remote op goes RIGHT.
      if (inflight != null) {
        Object over = type.transform(remote, inflight, Side.RIGHT);
        inflight = type.transform(inflight, remote, Side.LEFT);
        remote = over;
      }
      if (pending != null) {
        Object over = type.transform(remote, pending, Side.RIGHT);
        pending = type.transform(pending, remote, Side.LEFT);
        remote = over;
      }
    }
    snapshot = type.apply(snapshot, remote);
    setVersion(at);
  }

  private void onAck(JsonObject frame) {
    long re = frame.getLong("re");
    long at = frame.getLong("v");
    Long seq = requestSeqs.get(re);
    if (seq == null) {
      throw new AssertionError("ack for unknown request " + re + ": " + frame.encode());
    }
    if (inflight != null && seq == inflightSeq) {
      if (subRequest >= 0) {
        // Resubscribing on this socket: the op is somewhere after our version, and the catch-up
        // or the live ops after it will bring it; the ack alone cannot place it.
        note("ack of seq " + seq + " at v" + at + " while resubscribing: wait for the op in the stream");
        earlyAck = at;
        return;
      }
      if (detached) {
        if (at > v) {
          throw new AssertionError("resubmitted seq " + seq + " acked at v" + at + " after a snapshot at v" + v
              + ": its committed form is unknown to the client (not supported by this client)");
        }
        // Committed before the snapshot, so the snapshot holds it.
        detached = false;
        committedOwn(at, "ack after snapshot");
        return;
      }
      if (at > v + 1 && earlyAck < 0) {
        // Seen when the server drops a subscription that missed ops (FanOutToClosingConnectionTest
        // shows how it misses them): it flushes the acks it holds for it before the `unavailable`
        // error. Keep the version to check it against the op when the resubscription brings it.
        acksAheadOfStream++;
        note("ack of seq " + seq + " at v" + at + " while at v" + v + ": ahead of the stream");
        earlyAck = at;
        return;
      }
      if (at != v + 1) {
        throw new AssertionError("ack of seq " + seq + " at v" + at + " while at v" + v
            + ": an ack must come where the op is in the stream");
      }
      committedOwn(at, "ack");
      return;
    }
    // A second answer for an op already known as committed (its own frame came first).
    Long known = ackedVersions.get(seq);
    if (known == null || known != at) {
      throw new AssertionError("stale ack of seq " + seq + " at v" + at + " but it was committed at " + known);
    }
    note("duplicate ack of seq " + seq + " at v" + at);
  }

  private void committedOwn(long at, String how) {
    Long before = ackedVersions.put(inflightSeq, at);
    if (before != null) {
      throw new AssertionError("seq " + inflightSeq + " acked twice: at v" + before + " and v" + at);
    }
    note("seq " + inflightSeq + " committed at v" + at + " (" + how + ")");
    opRetries = 0;
    inflight = null;
    inflightWire = null;
    inflightRequest = -1;
    inflightOnSocket = false;
    earlyAck = -1;
    if (at > v) {
      setVersion(at);
    }
    flush();
  }

  private void flush() {
    if (subRequest >= 0 || detached || inflight != null || pending == null) {
      return;
    }
    inflight = pending;
    pending = null;
    inflightSeq = nextSeq++;
    inflightBase = v;
    inflightWire = type.writeOp(inflight);
    sentSeqs.add(inflightSeq);
    sendInflight();
  }

  private void sendInflight() {
    inflightRequest = nextId++;
    requestSeqs.put(inflightRequest, inflightSeq);
    inflightOnSocket = false;
    if (dropOnNextSend) {
      dropOnNextSend = false;
      lostSends++;
      note("op#" + inflightRequest + " seq " + inflightSeq + " lost: the connection drops before it is written");
      reconnect();
      return;
    }
    socket.send(new JsonObject().put("t", "op").put("id", inflightRequest).put("doc", doc).put("v", inflightBase)
        .put("src", src).put("seq", inflightSeq).put("op", inflightWire));
    inflightOnSocket = true;
    note("op#" + inflightRequest + " seq " + inflightSeq + " base v" + inflightBase + " " + Canonical.text(inflightWire));
  }

  private void setVersion(long at) {
    v = at;
    visibleVersion = at;
  }

  private void note(String event) {
    if (trace.size() == TRACE) {
      trace.removeFirst();
    }
    trace.addLast(String.format("%6.1f ms  %s", (System.nanoTime() - born) / 1e6, event));
  }

  private AssertionError failure(String message, Throwable cause) {
    StringBuilder out = new StringBuilder(src).append(" on ").append(doc).append(" at v").append(v).append(": ")
        .append(message).append("\n  recent events of ").append(src).append(':');
    trace.forEach(e -> out.append("\n    ").append(e));
    return new AssertionError(out.toString(), cause);
  }

  @SuppressWarnings("unchecked")
  private static OtType<Object, Object> typeNamed(String name) {
    return (OtType<Object, Object>) OtTypes.byName(name).orElseThrow(() -> new AssertionError("unknown type " + name));
  }
}
