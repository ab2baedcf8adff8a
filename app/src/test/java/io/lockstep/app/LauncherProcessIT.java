package io.lockstep.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the shaded jar as a real process, as an operator would: it must start, answer /health, and
 * exit 0 soon after SIGTERM. Needs {@code target/lockstep.jar}, so it runs under failsafe after
 * {@code package}.
 */
class LauncherProcessIT {

  private static final Path JAR = Path.of(System.getProperty("lockstep.jar", "target/lockstep.jar"));
  private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

  @TempDir
  Path dir;

  @Test
  void jarStartsServesHealthAndExitsZeroOnSigterm() throws Exception {
    assertThat(JAR).exists();
    int port = freePort();
    Path log = dir.resolve("lockstep.log");
    Process process = start(log, "--host", "127.0.0.1", "--port", String.valueOf(port));
    try {
      HttpResponse<String> health = awaitHealth(process, port, log);
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(new JsonObject(health.body()).getString("status")).isEqualTo("UP");

      process.destroy();

      assertThat(process.waitFor(15, TimeUnit.SECONDS)).as("exited within 15 s").isTrue();
      assertThat(process.exitValue()).as("exit status; log:\n%s", read(log)).isZero();
      assertThat(read(log)).contains("listening on 127.0.0.1:" + port).contains("AUTHENTICATION IS OFF")
          .contains("Shutting down").contains("Stopped");
    } finally {
      process.destroyForcibly();
    }
  }

  @Test
  void badFlagExitsWithStatusTwoAndSaysWhy() throws Exception {
    Path log = dir.resolve("bad.log");
    Process process = start(log, "--port", "ninety");

    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(2);
    assertThat(read(log)).contains("lockstep: --port must be an integer, got 'ninety'").contains("--help");
  }

  @Test
  void helpExitsZeroAndListsTheVariables() throws Exception {
    Path log = dir.resolve("help.log");
    Process process = start(log, "--help");

    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isZero();
    assertThat(read(log)).contains("LOCKSTEP_PORT").contains("LOCKSTEP_MAX_FRAME_BYTES").contains("--jwt-secret");
  }

  private static Process start(Path log, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(JAVA, "-jar", JAR.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("LOCKSTEP_"));
    return builder.start();
  }

  /** Polls /health until the process answers; readiness of another process has no event to wait on. */
  private static HttpResponse<String> awaitHealth(Process process, int port, Path log) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
        .timeout(Duration.ofSeconds(5)).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("lockstep exited with " + process.exitValue() + ":\n" + read(log));
      }
      try {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
      } catch (IOException notYet) {
        Thread.sleep(200);
      }
    }
    throw new AssertionError("no /health answer within 60 s:\n" + read(log));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }

  private static String read(Path log) throws IOException {
    return Files.exists(log) ? Files.readString(log) : "";
  }
}
