package io.lockstep.feed.sse;

import io.lockstep.edge.ws.LoopFlusher;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * One SSE response's way out. What a stream writes in a loop turn (live events of a burst, a
 * replay page) is queued and written at the end of the turn by the loop's {@link LoopFlusher} as
 * one chunk: one write and one flush instead of one per event (Vert.x flushes every write made
 * outside a read callback at once). The bytes are the same. What a turn queues is bounded too: past
 * {@code maxBytes} it is written at once. Confined to the response's event loop.
 */
final class SseOutbound implements LoopFlusher.Flushable {
  private final HttpServerResponse response;
  private final LoopFlusher flusher;
  private final int maxBytes;
  private List<Buffer> queued = new ArrayList<>(4);
  private int queuedBytes;
  private boolean abandoned;

  SseOutbound(HttpServerResponse response, LoopFlusher flusher, int maxBytes) {
    this.response = response;
    this.flusher = flusher;
    this.maxBytes = maxBytes;
  }

  /** Queues {@code chunk} after everything queued before it. */
  void write(Buffer chunk) {
    if (abandoned) {
      return;
    }
    if (queued.isEmpty()) {
      flusher.markDirty(this);
    }
    queued.add(chunk);
    queuedBytes += chunk.length();
    if (queuedBytes >= maxBytes) {
      flush();
    }
  }

  /** Whether the client left more than the response's write-queue size unread. */
  boolean full() {
    return response.writeQueueFull();
  }

  @Override
  public void flush() {
    if (abandoned || queued.isEmpty()) {
      return;
    }
    List<Buffer> due = queued;
    queued = new ArrayList<>(4);
    queuedBytes = 0;
    if (due.size() == 1) {
      response.write(due.get(0));
      return;
    }
    int length = 0;
    for (int i = 0; i < due.size(); i++) {
      length += due.get(i).length();
    }
    Buffer chunk = Buffer.buffer(length);
    for (int i = 0; i < due.size(); i++) {
      chunk.appendBuffer(due.get(i));
    }
    response.write(chunk);
  }

  @Override
  public void abandon() {
    abandoned = true;
    queued = List.of();
  }

  /** Writes what is queued now, then ends the response. */
  void end() {
    flush();
    abandon();
    response.end();
  }
}
