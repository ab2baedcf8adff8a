package io.lockstep.common.testing;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A blocking HTTP client for the services' HTTP APIs in tests ({@code /docs}, {@code /feeds}) (the JDK's, so the request is exactly
 * what the test wrote: paths stay percent-encoded as given). Every call returns the status and body
 * whatever the status.
 */
public final class HttpTestClient {
  private final int port;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  public HttpTestClient(int port) {
    this.port = port;
    this.base = "http://127.0.0.1:" + port;
  }

  /** A response: its status, body text and headers. */
  public record Response(int status, String body, HttpHeaders headers) {
    /** The body as a JSON object; fails the test with the body shown when it is not one. */
    public JsonObject json() {
      try {
        return new JsonObject(body);
      } catch (RuntimeException e) {
        throw new AssertionError("status " + status + ": body is not a JSON object: \"" + body + "\"", e);
      }
    }

    public String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    @Override
    public String toString() {
      return status + " " + (body.length() > 300 ? body.substring(0, 300) + "…" : body);
    }
  }

  public Response get(String pathAndQuery) {
    return send("GET", pathAndQuery, null, null);
  }

  public Response get(String pathAndQuery, String bearer) {
    return send("GET", pathAndQuery, null, bearer);
  }

  public Response put(String pathAndQuery, String body) {
    return send("PUT", pathAndQuery, body, null);
  }

  public Response post(String pathAndQuery, String body) {
    return send("POST", pathAndQuery, body, null);
  }

  /**
   * Any request: {@code body} null sends none; {@code bearer} null sends no {@code Authorization},
   * otherwise it is the header's whole value when it contains a space, else {@code Bearer <bearer>}.
   */
  public Response send(String method, String pathAndQuery, String body, String bearer) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
        .timeout(Duration.ofSeconds(10))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (bearer != null) {
      request.header("Authorization", bearer.contains(" ") ? bearer : "Bearer " + bearer);
    }
    try {
      HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Response(response.statusCode(), response.body(), response.headers());
    } catch (IOException e) {
      throw new AssertionError(method + " " + pathAndQuery + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /**
   * A body-less request written by hand on a socket, for request targets the JDK client refuses to
   * send (a malformed percent-escape such as {@code %ZZ}); the connection is closed after the reply.
   */
  public Response sendRaw(String method, String rawTarget) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      String request = method + " " + rawTarget + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
          + "\r\nConnection: close\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      String whole = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int headEnd = whole.indexOf("\r\n\r\n");
      String head = whole.substring(0, headEnd);
      Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      String[] lines = head.split("\r\n");
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        headers.computeIfAbsent(lines[i].substring(0, colon).trim(), k -> new ArrayList<>()).add(lines[i].substring(colon + 1).trim());
      }
      int status = Integer.parseInt(lines[0].split(" ")[1]);
      return new Response(status, whole.substring(headEnd + 4), HttpHeaders.of(headers, (a, b) -> true));
    } catch (IOException e) {
      throw new AssertionError(method + " " + rawTarget + " failed", e);
    }
  }
}
