package io.lockstep.common.testing.sse;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClientResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One open (or refused) SSE response, read as it arrives by an {@link SseParser}; the test thread
 * takes events from a queue. Created by {@link SseClient}.
 */
public final class SseConnection {
  private final HttpClientResponse response;
  private final SseParser parser;
  private final LinkedBlockingQueue<SseEvent> events = new LinkedBlockingQueue<>();
  private final AtomicInteger comments = new AtomicInteger();
  private final Promise<Void> ended = Promise.promise();
  private final StringBuilder errorBody = new StringBuilder();

  SseConnection(HttpClientResponse response) {
    this.response = response;
    this.parser = new SseParser(events::add, comment -> comments.incrementAndGet());
    boolean stream = response.statusCode() == 200;
    response.handler(buffer -> {
      if (stream) {
        parser.feed(buffer.getBytes());
      } else {
        errorBody.append(buffer.toString());
      }
    });
    response.endHandler(v -> ended.tryComplete());
    response.exceptionHandler(e -> ended.tryComplete());
  }

  public int status() {
    return response.statusCode();
  }

  public String header(String name) {
    return response.getHeader(name);
  }

  /** The body of a refused request (status other than 200), once it ended. */
  public String errorBody() {
    return errorBody.toString();
  }

  /** The id to resume from ({@code Last-Event-ID}); empty before any. Read it after the events you took. */
  public String lastEventId() {
    return parser.lastEventId();
  }

  public long retryMs() {
    return parser.retryMs();
  }

  public int comments() {
    return comments.get();
  }

  /** Completes when the server ends the response or the connection drops. */
  public Future<Void> ended() {
    return ended.future();
  }

  /** The next event, waiting up to {@code timeoutMs}; fails the test when none comes. */
  public SseEvent next(long timeoutMs) {
    try {
      SseEvent event = events.poll(timeoutMs, TimeUnit.MILLISECONDS);
      if (event == null) {
        throw new AssertionError("no event within " + timeoutMs + " ms (ended: " + ended.future().isComplete() + ")");
      }
      return event;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The next {@code n} events. */
  public List<SseEvent> next(int n, long timeoutMs) {
    long deadline = System.currentTimeMillis() + timeoutMs;
    List<SseEvent> out = new ArrayList<>(n);
    while (out.size() < n) {
      out.add(next(Math.max(1, deadline - System.currentTimeMillis())));
    }
    return out;
  }

  /** The next event if one arrives within {@code timeoutMs}, else null. */
  public SseEvent poll(long timeoutMs) {
    try {
      return events.poll(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Closes the connection from the client side (a dropped network, a closed tab). */
  public void close() {
    response.request().connection().close();
  }
}
