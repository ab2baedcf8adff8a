package io.lockstep.common.testing.sse;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * An incremental parser of the {@code text/event-stream} format as the HTML standard defines it
 * (the EventSource interpretation): bytes may arrive split anywhere, even inside a UTF-8 character or
 * between {@code \r} and {@code \n}; lines end with {@code \n}, {@code \r\n} or {@code \r}; a blank line
 * dispatches the event; {@code data:} lines accumulate; {@code id:} sets the last event id (kept across
 * events, ignored when it contains NUL); {@code retry:} with digits only sets the reconnection delay;
 * lines starting with {@code :} are comments; an unknown field is ignored; one leading space after the
 * colon is dropped. Not thread-safe.
 */
public final class SseParser {
  private final Consumer<SseEvent> onEvent;
  private final Consumer<String> onComment;
  private final StringBuilder data = new StringBuilder();
  private byte[] pending = new byte[0];
  private boolean afterCr;
  private boolean hasData;
  private String eventType = "";
  private volatile String lastEventId = "";
  private volatile long retryMs = -1;

  public SseParser(Consumer<SseEvent> onEvent, Consumer<String> onComment) {
    this.onEvent = onEvent;
    this.onComment = onComment;
  }

  /** The id EventSource would send as {@code Last-Event-ID}; empty before any. */
  public String lastEventId() {
    return lastEventId;
  }

  /** The latest {@code retry:} value, -1 before any. */
  public long retryMs() {
    return retryMs;
  }

  /** Parses the next bytes of the stream. */
  public void feed(byte[] bytes) {
    byte[] all = new byte[pending.length + bytes.length];
    System.arraycopy(pending, 0, all, 0, pending.length);
    System.arraycopy(bytes, 0, all, pending.length, bytes.length);
    int start = 0;
    for (int i = 0; i < all.length; i++) {
      byte b = all[i];
      if (afterCr && b == '\n' && i == start) {
        // The \n of a \r\n split across calls or lines: the line already ended at \r.
        afterCr = false;
        start = i + 1;
        continue;
      }
      afterCr = false;
      if (b == '\n' || b == '\r') {
        line(new String(all, start, i - start, StandardCharsets.UTF_8));
        if (b == '\r') {
          afterCr = true;
        }
        start = i + 1;
      }
    }
    pending = java.util.Arrays.copyOfRange(all, start, all.length);
  }

  private void line(String line) {
    if (line.isEmpty()) {
      dispatch();
      return;
    }
    if (line.startsWith(":")) {
      onComment.accept(line.substring(1).stripLeading());
      return;
    }
    int colon = line.indexOf(':');
    String field = colon < 0 ? line : line.substring(0, colon);
    String value = colon < 0 ? "" : line.substring(colon + 1);
    if (value.startsWith(" ")) {
      value = value.substring(1);
    }
    switch (field) {
      case "data" -> {
        data.append(value).append('\n');
        hasData = true;
      }
      case "event" -> eventType = value;
      case "id" -> {
        if (value.indexOf('\0') < 0) {
          lastEventId = value;
        }
      }
      case "retry" -> {
        if (!value.isEmpty() && value.chars().allMatch(Character::isDigit)) {
          retryMs = Long.parseLong(value);
        }
      }
      default -> {
        // Unknown fields are ignored, as EventSource does.
      }
    }
  }

  private void dispatch() {
    if (!hasData) {
      eventType = "";
      return;
    }
    String text = data.substring(0, data.length() - 1);
    onEvent.accept(new SseEvent(lastEventId, eventType.isEmpty() ? "message" : eventType, text));
    data.setLength(0);
    hasData = false;
    eventType = "";
  }
}
