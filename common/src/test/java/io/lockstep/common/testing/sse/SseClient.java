package io.lockstep.common.testing.sse;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.PoolOptions;
import java.util.concurrent.TimeUnit;

/**
 * A Server-Sent Events client for tests, on the Vert.x HTTP client: opens streams, parses them
 * incrementally ({@link SseParser}) and reconnects with {@code Last-Event-ID} as EventSource does.
 * Each stream gets its own connection. Methods block the calling (test) thread until the response
 * head arrives; never call them on an event loop.
 */
public final class SseClient implements AutoCloseable {
  private final HttpClient client;
  private final String host;
  private final int port;

  public SseClient(Vertx vertx, String host, int port) {
    this.host = host;
    this.port = port;
    this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false).setConnectTimeout(5_000),
        new PoolOptions().setHttp1MaxSize(10_000));
  }

  /** Opens {@code pathAndQuery} with {@code Accept: text/event-stream}. */
  public SseConnection open(String pathAndQuery) {
    return open(pathAndQuery, null, null);
  }

  /**
   * Opens a stream; {@code lastEventId} and {@code bearer} are sent as {@code Last-Event-ID} and
   * {@code Authorization: Bearer} when not null. A refused request returns a connection with its status.
   */
  public SseConnection open(String pathAndQuery, String lastEventId, String bearer) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Accept", "text/event-stream");
    if (lastEventId != null) {
      headers.add("Last-Event-ID", lastEventId);
    }
    if (bearer != null) {
      headers.add("Authorization", "Bearer " + bearer);
    }
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(host).setPort(port)
        .setURI(pathAndQuery).setHeaders(headers);
    try {
      return client.request(options)
          .compose(request -> request.send())
          .map(SseConnection::new)
          .await(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("no response head for " + pathAndQuery + " within 10 s", e);
    }
  }

  /** Opens {@code pathAndQuery} again from where {@code previous} stopped, as EventSource reconnects. */
  public SseConnection reconnect(String pathAndQuery, SseConnection previous, String bearer) {
    String id = previous.lastEventId();
    return open(pathAndQuery, id.isEmpty() ? null : id, bearer);
  }

  @Override
  public void close() {
    client.close().await();
  }
}
