package io.lockstep.edge.ws;

import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A connection's bounded way out. Frames are queued and written at the end of the loop turn by
 * the {@link LoopFlusher}, in order, all in one write and one flush ({@link CoalescedFrames}): the
 * frames of a burst of ops reach each connection as one syscall, not one per frame, and the wire
 * is unchanged. A client that said {@code "batch": true} in its hello gets several due frames as
 * one {@code {"t":"batch","frames":[…]}} frame instead, built by concatenating the frames' bytes
 * (each op is still encoded once for all its subscribers).
 *
 * <p>Memory stays bounded: the socket's write queue is capped at {@code maxBytes}, and a client
 * that stops reading fills it; the next write past the cap closes the connection with 1008
 * instead of buffering without end. The client reconnects and catches up, losing nothing.
 */
public final class FlushingOutbound implements LoopFlusher.Flushable {
  private static final byte[] BATCH_OPEN = "{\"t\":\"batch\",\"frames\":[".getBytes(StandardCharsets.UTF_8);
  private static final byte[] BATCH_CLOSE = "]}".getBytes(StandardCharsets.UTF_8);

  private final ServerWebSocket ws;
  private final CoalescedFrames frames;
  private final LoopFlusher flusher;
  private final int maxBytes;
  private final Runnable onOverflow;
  private List<byte[]> queued = new ArrayList<>(4);
  private int queuedBytes;
  private boolean batching;
  private boolean closed;

  /** @param wire the socket's channel, from {@link UpgradeGate}: what lets a turn's frames go out as one write */
  public FlushingOutbound(ServerWebSocket ws, SocketWire wire, LoopFlusher flusher, int maxBytes, Runnable onOverflow) {
    this.ws = ws;
    this.frames = new CoalescedFrames(ws, wire);
    this.flusher = flusher;
    this.maxBytes = maxBytes;
    this.onOverflow = onOverflow;
    ws.setWriteQueueMaxSize(maxBytes);
  }

  /** From now on, several due frames may go out as one batch frame (the client opted in). */
  public void allowBatches() {
    batching = true;
  }

  public void send(JsonObject frame) {
    send(frame.toBuffer().getBytes());
  }

  /** Queues one frame already encoded as UTF-8 JSON; the same array may go to many connections. */
  public void send(byte[] utf8) {
    // A socket the client already closed (its close frame arrived) stays registered until the TCP
    // connection ends; writing to it would throw, so frames for it are dropped.
    if (closed || ws.isClosed()) {
      return;
    }
    if (queued.isEmpty()) {
      flusher.markDirty(this);
    }
    queued.add(utf8);
    queuedBytes += utf8.length;
    if (queuedBytes > maxBytes) {
      overflow();
    }
  }

  /** Writes what is queued; called by the loop's flusher. */
  @Override
  public void flush() {
    if (closed || queued.isEmpty()) {
      return;
    }
    if (ws.isClosed()) {
      abandon();
      return;
    }
    if (!frames.writable()) {
      overflow();
      return;
    }
    List<byte[]> due = queued;
    queued = new ArrayList<>(4);
    queuedBytes = 0;
    frames.write(batching && due.size() > 1 ? List.of(batch(due)) : due);
  }

  private static byte[] batch(List<byte[]> frames) {
    int length = BATCH_OPEN.length + BATCH_CLOSE.length + frames.size() - 1;
    for (byte[] frame : frames) {
      length += frame.length;
    }
    byte[] out = new byte[length];
    System.arraycopy(BATCH_OPEN, 0, out, 0, BATCH_OPEN.length);
    int at = BATCH_OPEN.length;
    for (int i = 0; i < frames.size(); i++) {
      if (i > 0) {
        out[at++] = ',';
      }
      byte[] frame = frames.get(i);
      System.arraycopy(frame, 0, out, at, frame.length);
      at += frame.length;
    }
    System.arraycopy(BATCH_CLOSE, 0, out, at, BATCH_CLOSE.length);
    return out;
  }

  private void overflow() {
    closed = true;
    queued = List.of();
    onOverflow.run();
    ws.close(CloseCodes.POLICY_VIOLATION, "slow consumer: outbound buffer full");
  }

  /** Drops what is queued and stops writing: the socket is unusable. */
  @Override
  public void abandon() {
    closed = true;
    queued = List.of();
  }

  /** Flushes what is queued, then closes. */
  public void close(short code, String reason) {
    if (!closed) {
      flush();
      closed = true;
      ws.close(code, reason);
    }
  }

}
