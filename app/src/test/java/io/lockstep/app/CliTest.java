package io.lockstep.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockstep.common.config.AuthConfig;
import io.lockstep.common.config.ClusterConfig;
import io.lockstep.common.config.ConfigException;
import io.lockstep.common.config.ConfigOption;
import io.lockstep.common.config.ConfigOptions;
import io.lockstep.common.config.ConnectionLimits;
import io.lockstep.common.config.FeedConfig;
import io.lockstep.common.config.Limits;
import io.lockstep.common.config.LockstepConfig;
import io.lockstep.common.config.PresenceConfig;
import io.lockstep.common.config.RedisConfig;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {

  private static final SortedSet<String> AVAILABLE = new TreeSet<>(Set.of("sync", "presence", "feed"));
  private static final String PEM = "-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----\n";
  private static final String SECRET = "cli-test-secret-of-at-least-32-bytes";

  @TempDir
  Path dir;

  @Test
  void noFlagsGiveTheDefaultsWithEveryAvailableService() {
    LockstepConfig c = parse(List.of(), Map.of());

    LockstepConfig d = LockstepConfig.defaults();
    assertThat(c.host()).isEqualTo("127.0.0.1"); // no key: loopback only
    assertThat(c.port()).isEqualTo(9000);
    assertThat(c.services()).isEqualTo(AVAILABLE);
    assertThat(c.nodeId()).isEqualTo(d.nodeId());
    assertThat(c.heartbeatMs()).isEqualTo(d.heartbeatMs());
    assertThat(c.allowedOrigins()).isEmpty();
    assertThat(c.auth().enabled()).isFalse();
    assertThat(c.limits()).isEqualTo(Limits.DEFAULTS);
  }

  @Test
  void withNoServiceOnTheClassPathTheDefaultIsNone() {
    LockstepConfig c = ((Cli.Run) Cli.parse(List.of(), Map.of(), new TreeSet<>())).config();

    assertThat(c.services()).isEmpty();
  }

  @Test
  void environmentVariablesSetEverySetting() throws IOException {
    Path key = write("key.pem", PEM);
    Map<String, String> env = new HashMap<>();
    env.put("LOCKSTEP_HOST", "127.0.0.1");
    env.put("LOCKSTEP_PORT", "9100");
    env.put("LOCKSTEP_SERVICES", "sync, presence");
    env.put("LOCKSTEP_NODE_ID", "node-7");
    env.put("LOCKSTEP_HEARTBEAT_MS", "5000");
    env.put("LOCKSTEP_ALLOWED_ORIGINS", "https://a.example, https://b.example");
    env.put("LOCKSTEP_JWT_PUBLIC_KEY_FILE", key.toString());
    env.put("LOCKSTEP_JWT_ALGORITHM", "es256");
    env.put("LOCKSTEP_MAX_FRAME_BYTES", "1024");
    env.put("LOCKSTEP_OPS_PER_SECOND", "7");

    LockstepConfig c = parse(List.of(), env);

    assertThat(c.host()).isEqualTo("127.0.0.1");
    assertThat(c.port()).isEqualTo(9100);
    assertThat(c.services()).containsExactlyInAnyOrder("sync", "presence");
    assertThat(c.nodeId()).isEqualTo("node-7");
    assertThat(c.heartbeatMs()).isEqualTo(5000);
    assertThat(c.allowedOrigins()).containsExactly("https://a.example", "https://b.example");
    assertThat(c.auth()).isEqualTo(new AuthConfig(null, PEM, "ES256"));
    assertThat(c.limits().maxFrameBytes()).isEqualTo(1024);
    assertThat(c.limits().opsPerSecond()).isEqualTo(7);
    assertThat(c.limits().opsBurst()).isEqualTo(Limits.DEFAULTS.opsBurst());
  }

  @Test
  void flagsSetEverySettingInBothSpellings() {
    LockstepConfig c = parse(List.of("--host", "::1", "--port=9200", "--services", "feed", "--node-id", "n2",
        "--heartbeat-ms", "1000", "--allowed-origins=https://x.example", "--jwt-secret", SECRET,
        "--jwt-algorithm", "HS256", "--max-doc-bytes", "2048", "--max-submit-retries=3"), Map.of());

    assertThat(c.host()).isEqualTo("::1");
    assertThat(c.port()).isEqualTo(9200);
    assertThat(c.services()).containsExactly("feed");
    assertThat(c.nodeId()).isEqualTo("n2");
    assertThat(c.heartbeatMs()).isEqualTo(1000);
    assertThat(c.allowedOrigins()).containsExactly("https://x.example");
    assertThat(c.auth()).isEqualTo(new AuthConfig(SECRET, null, "HS256"));
    assertThat(c.limits().maxDocBytes()).isEqualTo(2048);
    assertThat(c.limits().maxSubmitRetries()).isEqualTo(3);
  }

  @Test
  void everyLimitHasAFlagAndAnEnvironmentVariable() {
    RecordComponent[] components = Limits.class.getRecordComponents();
    for (int i = 0; i < components.length; i++) {
      String name = components[i].getName();
      String flag = "--" + name.replaceAll("([A-Z])", "-$1").toLowerCase();
      String env = "LOCKSTEP_" + name.replaceAll("([A-Z])", "_$1").toUpperCase();
      int value = 1000 + i;

      JsonObject byFlag = parse(List.of(flag, String.valueOf(value)), Map.of()).limits().toJson();
      JsonObject byEnv = parse(List.of(), Map.of(env, String.valueOf(value))).limits().toJson();

      assertThat(byFlag.getInteger(name)).as(flag).isEqualTo(value);
      assertThat(byEnv.getInteger(name)).as(env).isEqualTo(value);
    }
  }

  @Test
  void flagsWinOverEnvironmentWhichWinsOverTheFileWhichWinsOverDefaults() throws IOException {
    Path file = write("lockstep.json", new JsonObject()
        .put("port", 9001).put("nodeId", "from-file").put("heartbeatMs", 1111)
        .put("limits", new JsonObject().put("maxFrameBytes", 111).put("opsBurst", 11).put("retainOps", 1))
        .encode());
    Map<String, String> env = Map.of("LOCKSTEP_CONFIG", file.toString(), "LOCKSTEP_PORT", "9002",
        "LOCKSTEP_NODE_ID", "from-env", "LOCKSTEP_MAX_FRAME_BYTES", "222", "LOCKSTEP_OPS_BURST", "22");

    LockstepConfig c = parse(List.of("--port", "9003", "--max-frame-bytes", "333"), env);

    assertThat(c.port()).isEqualTo(9003);
    assertThat(c.nodeId()).isEqualTo("from-env");
    assertThat(c.heartbeatMs()).isEqualTo(1111);
    assertThat(c.limits().maxFrameBytes()).isEqualTo(333);
    assertThat(c.limits().opsBurst()).isEqualTo(22);
    assertThat(c.limits().retainOps()).isEqualTo(1);
    assertThat(c.limits().maxSubscriptions()).isEqualTo(Limits.DEFAULTS.maxSubscriptions());
  }

  @Test
  void configFlagWinsOverConfigVariable() throws IOException {
    Path a = write("a.json", "{\"nodeId\":\"a\"}");
    Path b = write("b.json", "{\"nodeId\":\"b\"}");

    LockstepConfig c = parse(List.of("--config", b.toString()), Map.of("LOCKSTEP_CONFIG", a.toString()));

    assertThat(c.nodeId()).isEqualTo("b");
  }

  private static final Map<String, String> CLUSTER_ENV = Map.of(
      "LOCKSTEP_CLUSTER_SECRET", "a-cluster-secret-of-32-bytes-or-more", "LOCKSTEP_CLUSTER_MEMBERS", "127.0.0.1:5701");

  @Test
  void clusterIsASwitchThatTakesAnOptionalValue() {
    assertThat(parse(List.of("--cluster"), CLUSTER_ENV).cluster().enabled()).isTrue();
    assertThat(parse(List.of("--cluster", "--port", "9001"), CLUSTER_ENV).cluster().enabled()).isTrue();
    assertThat(parse(List.of("--cluster", "false"), Map.of()).cluster().enabled()).isFalse();
    Map<String, String> env = new java.util.HashMap<>(CLUSTER_ENV);
    env.put("LOCKSTEP_CLUSTER", "true");
    assertThat(parse(List.of(), env).cluster().enabled()).isTrue();
    assertThatThrownBy(() -> parse(List.of("--cluster=maybe"), Map.of())).isInstanceOf(ConfigException.class);
  }

  /** Issue 13 item 8: a cluster is closed by default, and a start that would open it is refused. */
  @Test
  void aClusterNeedsASecretItsOwnInterfaceAndAnExplicitDiscovery() {
    String secret = "a-cluster-secret-of-32-bytes-or-more";
    Map<String, List<String>> refused = new java.util.LinkedHashMap<>();
    refused.put("no secret", List.of("--cluster", "--cluster-members", "127.0.0.1:5701"));
    refused.put("short secret", List.of("--cluster", "--cluster-members", "127.0.0.1:5701",
        "--cluster-secret", "x".repeat(31)));
    refused.put("wildcard host", List.of("--cluster", "--cluster-members", "127.0.0.1:5701",
        "--cluster-secret", secret, "--cluster-host", "0.0.0.0"));
    refused.put("no discovery (multicast is never implied)", List.of("--cluster", "--cluster-secret", secret));
    refused.put("half of TLS", List.of("--cluster", "--cluster-members", "127.0.0.1:5701", "--cluster-secret", secret,
        "--cluster-tls-cert-file", "/tmp/cert.pem"));
    refused.forEach((what, args) ->
        assertThatThrownBy(() -> parse(args, Map.of())).as(what).isInstanceOf(ConfigException.class));

    LockstepConfig lan = parse(List.of("--cluster", "--cluster-secret", secret, "--cluster-multicast"), Map.of());
    assertThat(lan.cluster().multicast()).isTrue();
    assertThat(lan.cluster().toString()).doesNotContain(secret);
  }

  @Test
  void theDemoIsOnByDefaultAndSwitchedOffByFlagOrEnvironment() {
    assertThat(parse(List.of(), Map.of()).demo()).isTrue();
    assertThat(parse(List.of("--demo", "false"), Map.of()).demo()).isFalse();
    assertThat(parse(List.of(), Map.of("LOCKSTEP_DEMO", "false")).demo()).isFalse();
    assertThat(parse(List.of("--demo"), Map.of("LOCKSTEP_DEMO", "false")).demo()).isTrue();
    assertThatThrownBy(() -> parse(List.of("--demo=yes"), Map.of())).isInstanceOf(ConfigException.class);
  }

  @Test
  void redisEndpointsAndModeAreRead() {
    LockstepConfig c = parse(List.of("--redis", "redis://127.0.0.1:6380/0", "--cluster-members", "a:5701,b:5701"), Map.of());
    assertThat(c.redis().enabled()).isTrue();
    assertThat(c.redis().endpoints()).containsExactly("redis://127.0.0.1:6380/0");
    assertThat(c.cluster().members()).containsExactly("a:5701", "b:5701");
    assertThatThrownBy(() -> parse(List.of("--redis", "http://x"), Map.of())).isInstanceOf(ConfigException.class);
    assertThatThrownBy(() -> parse(List.of("--redis-mode", "ring"), Map.of())).isInstanceOf(ConfigException.class);
  }

  @Test
  void aFileWrittenByToJsonReadsBackToTheSameConfig() throws IOException {
    LockstepConfig original = new LockstepConfig("127.0.0.1", 9500, Set.of("sync", "feed"), "n9", 3000,
        List.of("https://app.example"), new AuthConfig(null, PEM, "RS256"),
        new Limits(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14),
        new RedisConfig(List.of("redis://a:1", "redis://b:2"), "sentinel", "primary"),
        new ClusterConfig(true, "10.0.0.5", 5801, List.of("10.0.0.6:5801"), "lockstep.default.svc", true,
            "a-cluster-secret-of-32-bytes-or-more", "/etc/l/cert.pem", "/etc/l/key.pem", "/etc/l/ca.pem"),
        new PresenceConfig(4000, 2, 3, 4, 5, 6, 7, 8), new FeedConfig(1, 2, 3, 4, 5, 6, 7), new ConnectionLimits(1, 2, 3), false, true);
    Path file = write("full.json", original.toJson().encodePrettily());

    assertThat(parse(List.of("--config", file.toString()), Map.of())).isEqualTo(original);

    Path open = write("open.json", LockstepConfig.defaults().withHost("127.0.0.1").toJson().encode());
    assertThat(parse(List.of("--config", open.toString()), Map.of()).auth().enabled()).isFalse();
  }

  @Test
  void emptyEnvironmentVariablesCountAsUnset() {
    LockstepConfig c = parse(List.of(), Map.of("LOCKSTEP_PORT", ""));

    assertThat(c.port()).isEqualTo(9000);
  }

  /** Issue 13 item 1: an empty secret used to mean "authentication off", silently. */
  @Test
  void anEmptySecretVariableIsAStartUpError() {
    refused(List.of(), Map.of("LOCKSTEP_JWT_SECRET", ""), "LOCKSTEP_JWT_SECRET is set but empty");
    refused(List.of("--cluster", "--cluster-host", "10.0.0.5"), Map.of("LOCKSTEP_CLUSTER_SECRET", ""),
        "LOCKSTEP_CLUSTER_SECRET is set but empty");
  }

  /** Issue 13 item 1: HS256 with a short secret can be brute-forced offline from any one token. */
  @Test
  void aJwtSecretShorterThan32BytesIsAStartUpError() throws IOException {
    String short31 = "x".repeat(31);
    refused(List.of("--jwt-secret", short31), "the JWT secret must be at least 32 bytes, got 31");
    refused(List.of(), Map.of("LOCKSTEP_JWT_SECRET", "s3cret"), "at least 32 bytes, got 6");
    // Counted in UTF-8 bytes, not characters: 11 three-byte characters are 33 bytes.
    assertThat(parse(List.of("--jwt-secret", "\u20ac".repeat(11)), Map.of()).auth().enabled()).isTrue();
    Path file = write("short.json", new JsonObject().put("auth", new JsonObject().put("hmacSecret", "short")).encode());
    refused(List.of("--config", file.toString()), "at least 32 bytes");
    assertThat(parse(List.of("--jwt-secret", "x".repeat(32)), Map.of()).auth().enabled()).isTrue();
  }

  /** Issue 13 item 1: without a key every client has every right, so the default is loopback only. */
  @Test
  void withoutAKeyTheServerBindsToLoopbackOnly() {
    assertThat(parse(List.of(), Map.of()).host()).isEqualTo("127.0.0.1");
    assertThat(parse(List.of("--port", "9000"), Map.of()).host()).isEqualTo("127.0.0.1");
    for (String loopback : List.of("127.0.0.1", "127.1.2.3", "localhost", "LocalHost", "::1", "[::1]")) {
      assertThat(parse(List.of("--host", loopback), Map.of()).host()).isEqualTo(loopback);
    }
    for (String open : List.of("0.0.0.0", "::", "10.0.0.5", "192.168.1.2", "example.com", "localhost.example.com")) {
      refused(List.of("--host", open), "host '" + open + "' is not a loopback address, and no JWT key is configured");
      refused(List.of(), Map.of("LOCKSTEP_HOST", open), "--allow-anonymous");
    }
  }

  @Test
  void aKeyOrAllowAnonymousOpensTheDefaultHostAndAnyOther() {
    assertThat(parse(List.of("--jwt-secret", SECRET), Map.of()).host()).isEqualTo("0.0.0.0");
    assertThat(parse(List.of("--host", "10.0.0.5"), Map.of("LOCKSTEP_JWT_SECRET", SECRET)).host()).isEqualTo("10.0.0.5");
    LockstepConfig anonymous = parse(List.of("--allow-anonymous"), Map.of());
    assertThat(anonymous.host()).isEqualTo("0.0.0.0");
    assertThat(anonymous.auth().enabled()).isFalse();
    assertThat(anonymous.auth().allowAnonymous()).isTrue();
    assertThat(parse(List.of("--host", "0.0.0.0"), Map.of("LOCKSTEP_ALLOW_ANONYMOUS", "true")).host()).isEqualTo("0.0.0.0");
    refused(List.of("--host", "0.0.0.0", "--allow-anonymous=false"), "not a loopback address");
  }

  @Test
  void aKeyFromAHigherLayerReplacesTheKeyBelowIt() throws IOException {
    Path file = write("auth.json", new JsonObject()
        .put("auth", new JsonObject().put("hmacSecret", "file-" + SECRET).put("algorithm", "HS256")).encode());
    Path key = write("key.pem", PEM);

    LockstepConfig c = parse(List.of("--config", file.toString(), "--jwt-public-key-file", key.toString()),
        Map.of());
    LockstepConfig secretOverSecret = parse(List.of("--config", file.toString()),
        Map.of("LOCKSTEP_JWT_SECRET", "env-" + SECRET));

    assertThat(c.auth()).isEqualTo(new AuthConfig(null, PEM, "RS256"));
    assertThat(secretOverSecret.auth()).isEqualTo(new AuthConfig("env-" + SECRET, null, "HS256"));
  }

  @Test
  void helpListsEveryFlagWithItsVariableAndDefault() {
    Cli.Outcome outcome = Cli.parse(List.of("--port", "nonsense", "--help"), Map.of(), AVAILABLE);

    assertThat(outcome).isInstanceOf(Cli.Help.class);
    String help = ((Cli.Help) outcome).text();
    for (ConfigOption o : ConfigOptions.ALL) {
      assertThat(help).contains(o.flag() + " ").contains("(env " + o.env() + ")");
    }
    assertThat(help).contains("--port PORT   (env LOCKSTEP_PORT)").contains("default: 9000")
        .contains("--max-frame-bytes N   (env LOCKSTEP_MAX_FRAME_BYTES)").contains("default: 262144")
        .contains("every service on the class path: feed,presence,sync")
        .contains("--jwt-secret").contains("--jwt-public-key-file").contains("--jwt-algorithm")
        .contains("--allowed-origins").contains("--heartbeat-ms").contains("--node-id").contains("--config");
    assertThat(Cli.parse(List.of("-h"), Map.of(), AVAILABLE)).isInstanceOf(Cli.Help.class);
    assertThat(ConfigOptions.ALL).hasSize(26 + Limits.class.getRecordComponents().length
        + PresenceConfig.class.getRecordComponents().length + FeedConfig.class.getRecordComponents().length
        + ConnectionLimits.class.getRecordComponents().length);
  }

  @Test
  void theConfigurationDocListsEveryFlagAndVariable() throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "configuration.md"));

    for (ConfigOption o : ConfigOptions.ALL) {
      assertThat(doc).contains("`" + o.flag() + " ").contains("`" + o.env() + "`");
    }
    for (Class<?> section : List.of(Limits.class, PresenceConfig.class, FeedConfig.class, ConnectionLimits.class)) {
      for (RecordComponent c : section.getRecordComponents()) {
        assertThat(doc).contains("| `" + c.getName() + "` |");
      }
    }
  }

  @Test
  void badFlagValuesAreRefusedNamingTheFlag() {
    refused(List.of("--port", "abc"), "--port must be an integer, got 'abc'");
    refused(List.of("--port", "70000"), "--port must be a port number 0..65535, got 70000");
    refused(List.of("--port", "-1"), "--port must be a port number 0..65535, got -1");
    refused(List.of("--heartbeat-ms", "0"), "--heartbeat-ms must be a positive integer, got 0");
    refused(List.of("--heartbeat-ms", "1.5"), "--heartbeat-ms must be an integer, got '1.5'");
    refused(List.of("--host", " "), "--host must not be empty");
    refused(List.of("--node-id="), "--node-id must not be empty");
    refused(List.of("--services", " , "), "--services must name at least one service");
    refused(List.of("--jwt-secret", ""), "--jwt-secret must not be empty");
    refused(List.of("--jwt-algorithm", "HS512", "--jwt-secret", "s"), "--jwt-algorithm must be HS256, RS256 or ES256, got 'HS512'");
    refused(List.of("--jwt-public-key-file", dir.resolve("missing.pem").toString()),
        "--jwt-public-key-file: cannot read public key file");
    refused(List.of("--max-frame-bytes", "0"), "--max-frame-bytes must be a positive integer, got 0");
    refused(List.of("--ops-per-second", "99999999999"), "--ops-per-second must be an integer");
    refused(List.of("--retain-ops", "many"), "--retain-ops must be an integer, got 'many'");
  }

  @Test
  void everyIntegerFlagRefusesGarbageAndEveryLimitRefusesZero() {
    for (ConfigOption o : ConfigOptions.ALL) {
      if (o.metavar().equals("N") || o.metavar().equals("PORT") || o.metavar().equals("MS")) {
        refused(List.of(o.flag(), "x1"), o.flag() + " must be an integer, got 'x1'");
        refused(List.of(), Map.of(o.env(), "x1"), o.env() + " must be an integer, got 'x1'");
      }
      if (o.metavar().equals("N") || o.metavar().equals("MS")) {
        refused(List.of(o.flag(), "0"), o.flag() + " must be a positive integer, got 0");
      }
    }
  }

  @Test
  void badEnvironmentValuesAreRefusedNamingTheVariable() {
    refused(List.of(), Map.of("LOCKSTEP_PORT", "http"), "LOCKSTEP_PORT must be an integer, got 'http'");
    refused(List.of(), Map.of("LOCKSTEP_OPS_BURST", "-4"), "LOCKSTEP_OPS_BURST must be a positive integer, got -4");
    refused(List.of(), Map.of("LOCKSTEP_JWT_ALGORITHM", "none", "LOCKSTEP_JWT_SECRET", "s"),
        "LOCKSTEP_JWT_ALGORITHM must be HS256, RS256 or ES256, got 'none'");
  }

  @Test
  void malformedCommandLinesAreRefused() {
    refused(List.of("--prot", "9000"), "unknown flag --prot (see --help)");
    refused(List.of("--port"), "--port needs a value (PORT)");
    refused(List.of("--port", "--host", "x"), "--port needs a value (PORT)");
    refused(List.of("9000"), "unexpected argument '9000'");
    refused(List.of("-p", "9000"), "unexpected argument '-p'");
  }

  @Test
  void contradictoryAuthSettingsAreRefused() throws IOException {
    Path key = write("key.pem", PEM);
    refused(List.of("--jwt-secret", "s", "--jwt-public-key-file", key.toString()), "not both");
    refused(List.of("--jwt-secret", SECRET, "--jwt-algorithm", "RS256"), "needs a public key");
    refused(List.of("--jwt-public-key-file", key.toString(), "--jwt-algorithm", "HS256"), "needs a shared secret");
    refused(List.of("--jwt-algorithm", "RS256"), "no secret or public key is configured");
  }

  @Test
  void badConfigFilesAreRefusedNamingTheEntry() throws IOException {
    refused(List.of("--config", dir.resolve("nope.json").toString()), "--config: cannot read config file");
    Path notJson = write("bad.json", "{port: ");
    refused(List.of("--config", notJson.toString()), notJson + ": not a JSON object");
    Path array = write("array.json", "[1,2]");
    refused(List.of("--config", array.toString()), array + ": not a JSON object");
    Path unknown = write("unknown.json", "{\"prot\": 9000}");
    refused(List.of("--config", unknown.toString()), unknown + ": prot: unknown setting");
    Path unknownLimit = write("limit.json", "{\"limits\": {\"maxFrames\": 1}}");
    refused(List.of("--config", unknownLimit.toString()), unknownLimit + ": limits.maxFrames: unknown setting");
    Path wrongType = write("type.json", "{\"port\": \"ninety\"}");
    refused(List.of("--config", wrongType.toString()), wrongType + ": port must be an integer, got 'ninety'");
    Path badLimit = write("zero.json", "{\"limits\": {\"opsBurst\": 0}}");
    refused(List.of("--config", badLimit.toString()), badLimit + ": limits.opsBurst must be a positive integer, got 0");
    Path badList = write("list.json", "{\"services\": \"sync\"}");
    refused(List.of("--config", badList.toString()), badList + ": services must be a list of strings");
    Path badAuth = write("auth.json", "{\"auth\": \"on\"}");
    refused(List.of("--config", badAuth.toString()), badAuth + ": auth must be an object");
    Path fraction = write("fraction.json", "{\"heartbeatMs\": 1.5}");
    refused(List.of("--config", fraction.toString()), fraction + ": heartbeatMs must be an integer");
    Path bool = write("bool.json", "{\"host\": true}");
    refused(List.of("--config", bool.toString()), bool + ": host must be a string");
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  private static LockstepConfig parse(List<String> args, Map<String, String> env) {
    Cli.Outcome outcome = Cli.parse(args, env, AVAILABLE);
    assertThat(outcome).isInstanceOf(Cli.Run.class);
    return ((Cli.Run) outcome).config();
  }

  private static void refused(List<String> args, String message) {
    refused(args, Map.of(), message);
  }

  private static void refused(List<String> args, Map<String, String> env, String message) {
    assertThatThrownBy(() -> Cli.parse(args, env, AVAILABLE))
        .as("%s %s", args, env)
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(message);
  }
}
