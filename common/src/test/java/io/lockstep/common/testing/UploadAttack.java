package io.lockstep.common.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * Issue 13 item 5: multipart file uploads and oversized bodies sent to a server's body-taking
 * routes, and a look at the place vertx-web's default body handler writes uploads to
 * ({@code ./file-uploads}, relative to the server's working directory, which is the test's).
 */
public final class UploadAttack {
  /** Where vertx-web's {@code BodyHandler.create()} streams uploads by default. */
  public static final Path DEFAULT_UPLOADS = Path.of("file-uploads");

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  public UploadAttack(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  /** Removes what an earlier, unfixed run may have left, so {@link #uploadedFiles()} counts this run's. */
  public static void clearUploads() {
    if (!Files.exists(DEFAULT_UPLOADS)) {
      return;
    }
    try (Stream<Path> files = Files.list(DEFAULT_UPLOADS)) {
      for (Path file : files.toList()) {
        Files.delete(file);
      }
      Files.delete(DEFAULT_UPLOADS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Files under {@link #DEFAULT_UPLOADS}: must stay 0. */
  public static long uploadedFiles() {
    if (!Files.exists(DEFAULT_UPLOADS)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(DEFAULT_UPLOADS)) {
      return files.count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** POSTs a multipart form with one file of {@code fileBytes} to {@code path}; the status. */
  public int postMultipart(String path, String bearer, int fileBytes) {
    String boundary = "lockstep-attack-boundary";
    String body = "--" + boundary + "\r\n"
        + "Content-Disposition: form-data; name=\"file\"; filename=\"payload.bin\"\r\n"
        + "Content-Type: application/octet-stream\r\n\r\n"
        + "x".repeat(fileBytes) + "\r\n"
        + "--" + boundary + "--\r\n";
    return post(path, bearer, "multipart/form-data; boundary=" + boundary, body);
  }

  /** POSTs {@code body} with {@code contentType}; the status (or -1 when the server cut the connection). */
  public int post(String path, String bearer, String contentType, String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    try {
      return client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
