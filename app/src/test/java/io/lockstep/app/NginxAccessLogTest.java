package io.lockstep.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lockstep.common.testing.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 item 9: tokens passed as {@code ?token=} (EventSource cannot send headers) must not end
 * up in the access log of the shipped nginx config. The config's own {@code log_format} and
 * {@code access_log} lines run in a real nginx on loopback, which is asked for a URL with a token.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NginxAccessLogTest {
  private static final Path SHIPPED = Path.of("../docker/nginx.conf");
  private static final Path LOCAL_TEMPLATE = Path.of("../docker/nginx.local.conf.template");
  private static final Pattern ACCESS_LOG = Pattern.compile("(?m)^\\s*access_log\\s+([^;\\s]+)(?:\\s+(\\w+))?[^;]*;");

  @Test
  void theShippedAccessLogHasNoQueryStrings(@TempDir Path dir) throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/sbin/nginx")), "nginx is installed by scripts/test.sh");
    String shipped = Files.readString(SHIPPED);
    List<MatchResult> logs = accessLogs(shipped);
    assertThat(logs).as("access_log directives of %s", SHIPPED).hasSize(1);
    String format = logs.get(0).format();
    assertThat(format).as("a named format: the default 'combined' logs the query string").isNotNull();
    Matcher formatDef = Pattern.compile("log_format\\s+" + format + "\\b[^;]*;").matcher(shipped);
    assertThat(formatDef.find()).as("log_format %s is defined", format).isTrue();

    String secret = "tok-" + System.nanoTime();
    List<String> lines = serveOnce(dir, formatDef.group(), format, "/feeds/news%2F1?token=" + secret + "&since=1");
    assertThat(lines).as("one request was logged").hasSize(1);
    assertThat(lines.get(0)).contains("/feeds/news").doesNotContain(secret).doesNotContain("token");
  }

  @Test
  void theLocalTopologyLogsNothing() throws IOException {
    List<MatchResult> logs = accessLogs(Files.readString(LOCAL_TEMPLATE));
    assertThat(logs).hasSize(1);
    assertThat(logs.get(0).path()).isEqualTo("off");
  }

  private record MatchResult(String path, String format) {}

  private static List<MatchResult> accessLogs(String config) {
    return ACCESS_LOG.matcher(config).results().map(m -> new MatchResult(m.group(1), m.group(2))).toList();
  }

  /** Runs nginx with the shipped log lines around one {@code return 200} location; the access log's lines. */
  private static List<String> serveOnce(Path dir, String logFormat, String format, String target) throws Exception {
    int port = FreePorts.loopback();
    Path log = dir.resolve("access.log");
    Files.createDirectories(dir.resolve("tmp"));
    Files.writeString(dir.resolve("nginx.conf"), String.join("\n",
        "worker_processes 1;",
        "pid " + dir.resolve("nginx.pid") + ";",
        "error_log " + dir.resolve("error.log") + " warn;",
        "events { worker_connections 64; }",
        "http {",
        "  client_body_temp_path " + dir.resolve("tmp") + ";",
        "  proxy_temp_path " + dir.resolve("tmp") + ";",
        "  fastcgi_temp_path " + dir.resolve("tmp") + ";",
        "  uwsgi_temp_path " + dir.resolve("tmp") + ";",
        "  scgi_temp_path " + dir.resolve("tmp") + ";",
        "  " + logFormat,
        "  access_log " + log + " " + format + ";",
        "  server { listen 127.0.0.1:" + port + "; location / { return 200 'ok'; } }",
        "}", ""));
    Process nginx = new ProcessBuilder("nginx", "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString(),
        // As root, nginx's workers would switch to "nobody", who cannot write the temp directory.
        "-g", "root".equals(System.getProperty("user.name")) ? "daemon off; user root;" : "daemon off;").redirectErrorStream(true).redirectOutput(dir.resolve("stdout").toFile()).start();
    try {
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + target))
          .timeout(Duration.ofSeconds(5)).build();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (true) {
        try {
          assertThat(client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
          break;
        } catch (IOException notYetListening) {
          assertThat(nginx.isAlive()).as("nginx runs: %s", Files.readString(dir.resolve("stdout"))).isTrue();
          assertThat(System.nanoTime()).as("nginx listens within 20 s").isLessThan(deadline);
          Thread.sleep(50);
        }
      }
      return Files.readAllLines(log);
    } finally {
      nginx.destroy();
      nginx.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
