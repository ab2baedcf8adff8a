package io.lockstep.common.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a private {@code redis-server} for tests: on a free loopback port, in a temporary
 * directory, without RDB snapshots ({@code --save ""}) and, unless asked, without AOF.
 *
 * <pre>
 * &#64;RegisterExtension
 * static final RedisServerExtension REDIS = new RedisServerExtension();
 * ... REDIS.uri() ... REDIS.kill(); REDIS.restart(true);
 * </pre>
 *
 * <p>Registered on a static field, one server serves the whole class (started before all tests,
 * stopped after them); on an instance field, each test gets its own. Before each test the server is
 * started again if an earlier test killed it and left it down. {@link #kill()} sends SIGKILL (a
 * crash); {@link #restart} starts it again on the same port and directory, so with append-only mode
 * on, acknowledged writes survive the crash ({@code appendfsync always}).
 *
 * <p>The binary is {@code redis-server} from {@code PATH}, or the path in the system property
 * {@code lockstep.redis.server}. When it cannot be found the tests FAIL with a message saying so:
 * a missing Redis must not turn Redis tests into silent skips. Never touches any other Redis (such as
 * one on 6379). Not thread-safe: drive it from the test thread.
 */
public final class RedisServerExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
  private static final String HOST = "127.0.0.1";
  private static final long START_TIMEOUT_MS = 10_000;

  private boolean appendOnly;
  private int port;
  private Path dir;
  private Process process;
  private Thread shutdownHook;
  private boolean classScoped;
  private boolean started;

  /** A server without persistence; see {@link #appendOnly(boolean)}. */
  public RedisServerExtension() {}

  /** Starts the server (and later restarts) with append-only persistence on or off; returns this. */
  public RedisServerExtension appendOnly(boolean on) {
    this.appendOnly = on;
    return this;
  }

  /** The host to connect to (loopback). */
  public String host() {
    return HOST;
  }

  /** The port the server listens on; stays the same across {@link #restart}. */
  public int port() {
    requireStarted();
    return port;
  }

  /** The connection string, {@code redis://127.0.0.1:<port>}. */
  public String uri() {
    return "redis://" + HOST + ":" + port();
  }

  /** The server's working directory (AOF files, {@code redis.log}). */
  public Path dir() {
    requireStarted();
    return dir;
  }

  /** Whether the server process is alive. */
  public boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** Kills the server with SIGKILL, like a crash, and waits until the process is gone. */
  public void kill() {
    requireStarted();
    if (process != null) {
      process.destroyForcibly();
      waitForExit(process);
      process = null;
    }
  }

  /** Kills the server if it runs, then starts it again with the same settings, port and directory. */
  public void restart() {
    restart(appendOnly);
  }

  /** Like {@link #restart()}, switching append-only persistence on or off from now on. */
  public void restart(boolean appendOnlyFromNow) {
    requireStarted();
    if (isRunning()) {
      kill();
    }
    appendOnly = appendOnlyFromNow;
    launch();
  }

  /** Deletes every key ({@code FLUSHALL}), e.g. between tests sharing one server. */
  public void flushAll() {
    String reply = call("FLUSHALL");
    if (!reply.equals("+OK")) {
      throw new IllegalStateException("FLUSHALL answered " + reply);
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    classScoped = true;
    start();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (!started) {
      start();
    } else if (!isRunning()) {
      launch();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (!classScoped) {
      stop();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stop();
  }

  private void start() {
    String binary = findBinary();
    try {
      dir = Files.createTempDirectory("lockstep-redis-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    port = FreePorts.loopback();
    started = true;
    shutdownHook = new Thread(this::destroyQuietly, "redis-server-killer");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    launch(binary);
  }

  private void launch() {
    launch(findBinary());
  }

  private void launch(String binary) {
    List<String> command = new ArrayList<>(List.of(binary,
        "--port", String.valueOf(port), "--bind", HOST, "--save", "", "--daemonize", "no",
        "--dir", dir.toString(), "--appendonly", appendOnly ? "yes" : "no"));
    if (appendOnly) {
      command.addAll(List.of("--appendfsync", "always"));
    }
    File log = dir.resolve("redis.log").toFile();
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
    } catch (IOException e) {
      throw new IllegalStateException("could not start " + binary + ": " + e.getMessage(), e);
    }
    awaitReady();
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException("redis-server exited with " + process.exitValue()
            + " while starting on port " + port + "; its log:\n" + logTail());
      }
      try {
        if (call("PING").equals("+PONG")) {
          return;
        }
      } catch (UncheckedIOException notYet) {
        // Not listening yet; poll again below.
      }
      if (System.nanoTime() > deadline) {
        destroyQuietly();
        throw new IllegalStateException("redis-server did not answer PING on port " + port
            + " within " + START_TIMEOUT_MS + " ms; its log:\n" + logTail());
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while starting redis-server", e);
      }
    }
  }

  private void stop() {
    if (!started) {
      return;
    }
    destroyQuietly();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // The JVM is exiting; the hook runs anyway and finds the process gone.
    }
    deleteRecursively(dir);
    started = false;
    process = null;
  }

  private void destroyQuietly() {
    Process p = process;
    if (p != null && p.isAlive()) {
      p.destroy();
      try {
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          p.waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.destroyForcibly();
      }
    }
  }

  private String call(String... args) {
    return Resp.command(HOST, port, args);
  }

  static String findBinary() {
    String configured = System.getProperty("lockstep.redis.server");
    if (configured != null && !configured.isBlank()) {
      if (!Files.isExecutable(Path.of(configured))) {
        throw new IllegalStateException("lockstep.redis.server=" + configured + " is not an executable file");
      }
      return configured;
    }
    String path = System.getenv("PATH");
    if (path != null) {
      for (String entry : path.split(File.pathSeparator)) {
        Path candidate = Path.of(entry.isEmpty() ? "." : entry, "redis-server");
        if (Files.isExecutable(candidate)) {
          return candidate.toString();
        }
      }
    }
    throw new IllegalStateException("redis-server was not found on PATH, and these tests need it. Install Redis "
        + "(e.g. apt-get install redis-server) or set -Dlockstep.redis.server=/path/to/redis-server.");
  }

  private void waitForExit(Process p) {
    try {
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("redis-server on port " + port + " did not die after SIGKILL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while killing redis-server", e);
    }
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(dir.resolve("redis.log"));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private void requireStarted() {
    if (!started) {
      throw new IllegalStateException("the Redis server is not started; register this extension with @RegisterExtension");
    }
  }

  private static void deleteRecursively(Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
