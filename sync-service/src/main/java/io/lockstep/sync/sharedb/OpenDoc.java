package io.lockstep.sync.sharedb;

import io.lockstep.common.engine.ops.StoredOp;
import io.lockstep.sync.fanout.FanoutListener;
import io.lockstep.sync.fanout.FanoutOp;
import io.lockstep.sync.fanout.OrderedStart;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One document a ShareDB connection has subscribed to or submitted to: its live stream and the
 * client's ops waiting for their acknowledgement.
 *
 * <p>ShareDB's client matches an acknowledgement to its in-flight op by ({@code src},{@code seq})
 * and expects every op before it first. So on a subscribed document the connection's own op, when
 * the stream reaches it, goes out as the acknowledgement (in version order by construction); until
 * the subscription's reply is sent, live ops are held back, as on {@code /sync}.
 */
final class OpenDoc implements FanoutListener, OrderedStart.Sink {
  final DocName name;
  private final ShareDbConnection connection;
  private final Map<String, PendingOp> pending = new HashMap<>();
  /** The subscription's stream; null while not subscribed. */
  private OrderedStart stream;
  /** Counts subscribes and unsubscribes, so a reply that arrives after a later one changes nothing. */
  private int generation;

  OpenDoc(DocName name, ShareDbConnection connection) {
    this.name = name;
    this.connection = connection;
  }

  /** A submitted op of this connection, until acknowledged. {@code committedV} is 0 until the sequencer answers. */
  static final class PendingOp {
    final String src;
    final long seq;
    final Long baseV;
    long committedV;
    /** Further submissions of the same (src, seq) while this one waits: a failure answers each. */
    int repeats;

    PendingOp(String src, long seq, Long baseV) {
      this.src = src;
      this.seq = seq;
      this.baseV = baseV;
    }
  }

  boolean subscribed() {
    return stream != null;
  }

  boolean idle() {
    return stream == null && pending.isEmpty();
  }

  /**
   * Registers a submission; false when the same (src, seq) is already waiting here, which then
   * counts it as a repeat (one acknowledgement answers both; a failure answers each).
   */
  boolean expect(PendingOp op) {
    PendingOp waiting = pending.putIfAbsent(key(op.src, op.seq), op);
    if (waiting != null) {
      waiting.repeats++;
    }
    return waiting == null;
  }

  void forget(PendingOp op) {
    pending.remove(key(op.src, op.seq), op);
  }

  /** Starts a subscription: live ops are held back until {@link #start}. Returns its generation. */
  int subscribing() {
    stream = new OrderedStart(this);
    return ++generation;
  }

  /** Whether the subscription started as {@code generation} is still the current one. */
  boolean isCurrent(int subscription) {
    return stream != null && generation == subscription;
  }

  /** The subscription's reply (a snapshot or the ops) reached {@code version}: go live after it. */
  void start(long version) {
    for (PendingOp op : List.copyOf(pending.values())) {
      if (op.committedV > 0 && op.committedV <= version) {
        acknowledge(op);
      }
    }
    stream.start(version);
  }

  /** Ends the subscription; ops already committed but not yet acknowledged are acknowledged now. */
  void unsubscribed() {
    generation++;
    stream = null;
    for (PendingOp op : List.copyOf(pending.values())) {
      if (op.committedV > 0) {
        acknowledge(op);
      }
    }
  }

  /**
   * The sequencer committed {@code op} as version {@code v}. Without a live stream that will carry
   * it, it is acknowledged now (after the ops the client misses, see {@link ShareDbConnection});
   * otherwise the stream's copy becomes the acknowledgement.
   */
  void committed(PendingOp op, long v) {
    if (pending.get(key(op.src, op.seq)) != op) {
      return;
    }
    op.committedV = v;
    if (stream == null) {
      pending.remove(key(op.src, op.seq));
      connection.acknowledgeWithCatchUp(this, op);
    } else if (stream.live() && v < stream.nextV()) {
      acknowledge(op);
    }
  }

  /** A committed op read from the store (catch-up or fetch), sent in version order. */
  void deliverStored(StoredOp op) {
    if (!acknowledgedOwn(op.src(), op.seq(), op.v())) {
      connection.sendOp(name, op);
    }
  }

  @Override
  public void onOp(FanoutOp op) {
    if (stream != null) {
      stream.accept(op);
    }
  }

  /** The stream's next op: the connection's own becomes its acknowledgement. */
  @Override
  public void deliver(FanoutOp op) {
    if (!acknowledgedOwn(op.src(), op.seq(), op.v())) {
      connection.sendFanoutOp(name, op);
    }
  }

  /** When the op committed as {@code v} is one of this connection's, sends its acknowledgement instead. */
  private boolean acknowledgedOwn(String src, long seq, long v) {
    PendingOp own = pending.isEmpty() ? null : pending.remove(key(src, seq));
    if (own != null) {
      connection.sendAck(name, own, v);
    }
    return own != null;
  }

  @Override
  public void broken(String why) {
    connection.streamBroken(this, why);
  }

  @Override
  public void onFanoutFailed(Throwable cause) {
    connection.streamBroken(this, cause.getMessage());
  }

  private void acknowledge(PendingOp op) {
    pending.remove(key(op.src, op.seq));
    connection.sendAck(name, op, op.committedV);
  }

  private static String key(String src, long seq) {
    return src + "\n" + seq;
  }
}
