package io.lockstep.app;

import io.lockstep.common.config.AuthConfig;
import io.lockstep.common.config.ConfigException;
import io.lockstep.common.config.FeedConfig;
import io.lockstep.common.config.Limits;
import io.lockstep.common.config.LockstepConfig;
import io.lockstep.common.config.PresenceConfig;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;

/**
 * Reads the command line and the environment into one {@link LockstepConfig}.
 *
 * <p>Every setting has a flag ({@code --max-frame-bytes 65536} or {@code --max-frame-bytes=65536})
 * and an environment variable ({@code LOCKSTEP_MAX_FRAME_BYTES}). Layers, lowest first: the
 * defaults, the {@code --config} JSON file (the shape of {@link LockstepConfig#toJson()}), the
 * environment, the flags. An empty environment variable counts as unset. A layer that sets a JWT
 * secret or public key replaces the key (and algorithm) of the layers below it, so a flag can switch
 * a deployment from HS256 to RS256 without unsetting the file's secret.
 *
 * <p>Any bad value fails with a {@link ConfigException} naming the flag, variable or file entry at
 * fault; the launcher prints it and exits with status 2.
 */
final class Cli {

  /** What the command line asks for: run with a configuration, or print the help. */
  sealed interface Outcome permits Run, Help {}

  record Run(LockstepConfig config) implements Outcome {}

  record Help(String text) implements Outcome {}

  /** How a raw value is read. */
  private enum Kind { TEXT, SECRET, PORT, POSITIVE_INT, LIST, SERVICES, KEY_FILE, ALGORITHM, CONFIG_FILE, SWITCH, REDIS_MODE }

  /** One setting: its flag, environment variable, place in the JSON shape, and help. */
  record Option(String flag, String env, String path, Kind kind, String metavar, String help) {}

  private static final String ENV_PREFIX = "LOCKSTEP_";

  private static final Map<String, String> LIMIT_HELP = Map.ofEntries(
      Map.entry("maxFrameBytes", "largest WebSocket frame or HTTP body accepted; larger ones get too_large"),
      Map.entry("maxOpComponents", "most components in one op; more gets too_large"),
      Map.entry("maxDocBytes", "largest document (its JSON size after an op); an op that grows it past this gets too_large"),
      Map.entry("opsPerSecond", "sustained ops per second per connection; faster gets rate_limited"),
      Map.entry("opsBurst", "ops a connection may send at once before the rate applies"),
      Map.entry("maxSubscriptions", "documents one connection may have open at once; a further sub is refused with an error frame"),
      Map.entry("maxOutboundBytes", "bytes queued for a client that does not read; past it the connection is closed"),
      Map.entry("maxErrorsPerMinute", "error frames a connection may earn per minute; past it it is closed with 1008"),
      Map.entry("snapshotEvery", "a document snapshot is stored every this many ops"),
      Map.entry("retainOps", "ops kept per document for catch-up; clients further behind receive a snapshot"),
      Map.entry("maxSubmitRetries", "commit attempts of one op before it fails with unavailable"),
      Map.entry("maxQueuedPerDoc", "requests waiting for one document's sequencer; more are refused with unavailable"));

  private static final Map<String, String> PRESENCE_HELP = Map.ofEntries(
      Map.entry("ttlMs", "a presence member silent this long leaves its rooms (also when its node died); must exceed the heartbeat"),
      Map.entry("sweepMs", "how often a node looks for expired members of the rooms it serves"),
      Map.entry("metaTickMs", "meta updates of one room are coalesced and pushed once per tick"),
      Map.entry("metaPerSecond", "sustained meta frames per second per connection; faster gets rate_limited"),
      Map.entry("metaBurst", "meta frames a connection may send at once before the rate applies"),
      Map.entry("maxRooms", "presence rooms one connection may be in at once"),
      Map.entry("maxMembers", "live members one presence room may hold"),
      Map.entry("maxMetaBytes", "largest meta object, as JSON; larger gets too_large"));

  private static final Map<String, String> FEED_HELP = Map.ofEntries(
      Map.entry("retainEvents", "events kept per feed channel for resume"),
      Map.entry("retainMs", "feed events older than this are trimmed too"),
      Map.entry("heartbeatMs", "an idle SSE stream gets a comment line this often"),
      Map.entry("retryMs", "reconnection delay announced to EventSource clients in retry:"),
      Map.entry("maxBufferedBytes", "bytes queued for one slow SSE reader before its stream is closed"),
      Map.entry("maxChannels", "channels one SSE stream may follow"),
      Map.entry("maxEventBytes", "largest published feed event body; larger gets 413 too_large"));

  /** Settings records read component by component: JSON key, record, flag prefix, help per component. */
  private record Section(String key, Class<? extends Record> type, String flagPrefix, Map<String, String> help) {}

  private static final List<Section> SECTIONS = List.of(
      new Section("limits", Limits.class, "", LIMIT_HELP),
      new Section("presence", PresenceConfig.class, "presence-", PRESENCE_HELP),
      new Section("feeds", FeedConfig.class, "feed-", FEED_HELP));

  static final List<Option> OPTIONS = options();

  private static final Option CONFIG = OPTIONS.get(0);

  private Cli() {}

  private static List<Option> options() {
    List<Option> o = new ArrayList<>();
    o.add(option("--config", null, Kind.CONFIG_FILE, "FILE",
        "JSON configuration file in the shape of LockstepConfig.toJson(); missing entries keep their default"));
    o.add(option("--host", "host", Kind.TEXT, "HOST", "address the HTTP server binds to"));
    o.add(option("--port", "port", Kind.PORT, "PORT", "HTTP port; 0 picks a free one"));
    o.add(option("--services", "services", Kind.SERVICES, "LIST",
        "comma-separated services to run in this process, e.g. sync,presence,feed"));
    o.add(option("--node-id", "nodeId", Kind.TEXT, "ID", "this process's id, sent to clients in welcome; "
        + "give each replica its own"));
    o.add(option("--heartbeat-ms", "heartbeatMs", Kind.POSITIVE_INT, "MS", "heartbeat interval announced to clients"));
    o.add(option("--allowed-origins", "allowedOrigins", Kind.LIST, "LIST",
        "comma-separated WebSocket Origin allow-list; empty allows every origin"));
    o.add(option("--jwt-secret", "auth.hmacSecret", Kind.SECRET, "SECRET",
        "shared secret for HS256 tokens (prefer the environment variable: flags show in ps)"));
    o.add(option("--jwt-public-key-file", "auth.publicKeyPem", Kind.KEY_FILE, "FILE",
        "PEM public key file for RS256 or ES256 tokens"));
    o.add(option("--jwt-algorithm", "auth.algorithm", Kind.ALGORITHM, "ALG",
        "HS256, RS256 or ES256; must fit the key"));
    o.add(option("--redis", "redis.endpoints", Kind.LIST, "URI[,URI…]",
        "share this Redis between replicas (redis://host:6379/0; several for sentinel or cluster mode); "
            + "without it the embedded in-memory engines are used"));
    o.add(option("--redis-mode", "redis.mode", Kind.REDIS_MODE, "MODE", "standalone, sentinel or cluster"));
    o.add(option("--redis-master-name", "redis.masterName", Kind.TEXT, "NAME", "the sentinel master's name"));
    o.add(option("--cluster", "cluster.enabled", Kind.SWITCH, "[true|false]",
        "join a Vert.x cluster (Hazelcast): one sequencer per document across the cluster"));
    o.add(option("--cluster-host", "cluster.host", Kind.TEXT, "HOST", "address other cluster members reach this one at"));
    o.add(option("--cluster-port", "cluster.port", Kind.PORT, "PORT", "cluster (Hazelcast) port"));
    o.add(option("--cluster-members", "cluster.members", Kind.LIST, "LIST",
        "comma-separated host:port of cluster members to join over TCP/IP; empty uses multicast"));
    o.add(option("--cluster-kubernetes-dns", "cluster.kubernetesServiceDns", Kind.TEXT, "NAME",
        "in Kubernetes: the headless service DNS name whose addresses are the cluster members"));
    o.add(option("--demo", "demo", Kind.SWITCH, "[true|false]",
        "serve the demo web app at / (shared notes, presence, activity feed, counter); it asks for no login"));
    o.add(option("--ws-compression", "wsCompression", Kind.SWITCH, "[true|false]",
        "let WebSocket clients negotiate permessage-deflate (off by default: it costs a zlib context per "
            + "connection and CPU per frame; see docs/operations.md)"));
    for (Section section : SECTIONS) {
      for (RecordComponent c : section.type().getRecordComponents()) {
        String help = section.help().get(c.getName());
        if (help == null) {
          throw new AssertionError("no help for " + section.key() + "." + c.getName());
        }
        String metavar = c.getName().endsWith("Ms") ? "MS" : "N";
        o.add(option("--" + section.flagPrefix() + kebab(c.getName()), section.key() + "." + c.getName(),
            Kind.POSITIVE_INT, metavar, help));
      }
    }
    return List.copyOf(o);
  }

  private static Option option(String flag, String path, Kind kind, String metavar, String help) {
    String env = ENV_PREFIX + flag.substring(2).toUpperCase(Locale.ROOT).replace('-', '_');
    return new Option(flag, env, path, kind, metavar, help);
  }

  /**
   * Parses {@code args} and {@code env} into what to do.
   *
   * @param available the services found on the class path: the default for {@code --services}
   * @throws ConfigException for an unknown flag, a missing or bad value, an unreadable file, or
   *     settings that contradict each other
   */
  static Outcome parse(List<String> args, Map<String, String> env, SortedSet<String> available) {
    if (args.contains("--help") || args.contains("-h")) {
      return new Help(help(available));
    }
    Map<Option, String> flags = readFlags(args);
    JsonObject merged = LockstepConfig.defaults().withServices(available).toJson();

    Option configOption = CONFIG;
    String configFile = flags.containsKey(configOption) ? flags.get(configOption) : nonEmpty(env.get(configOption.env()));
    if (configFile != null) {
      String source = flags.containsKey(configOption) ? configOption.flag() : configOption.env();
      mergeLayer(merged, readConfigFile(configFile, source));
    }

    JsonObject envLayer = new JsonObject();
    for (Option o : OPTIONS) {
      String value = nonEmpty(env.get(o.env()));
      if (o.path() != null && value != null) {
        put(envLayer, o.path(), convert(o, value, o.env()));
      }
    }
    mergeLayer(merged, envLayer);

    JsonObject flagLayer = new JsonObject();
    flags.forEach((o, value) -> {
      if (o.path() != null) {
        put(flagLayer, o.path(), convert(o, value, o.flag()));
      }
    });
    mergeLayer(merged, flagLayer);

    try {
      return new Run(LockstepConfig.fromJson(merged));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage(), e);
    }
  }

  private static Map<Option, String> readFlags(List<String> args) {
    Map<String, Option> byFlag = new LinkedHashMap<>();
    OPTIONS.forEach(o -> byFlag.put(o.flag(), o));
    Map<Option, String> values = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--")) {
        throw new ConfigException("unexpected argument '" + arg + "' (flags start with --; see --help)");
      }
      int eq = arg.indexOf('=');
      String flag = eq < 0 ? arg : arg.substring(0, eq);
      Option option = byFlag.get(flag);
      if (option == null) {
        throw new ConfigException("unknown flag " + flag + " (see --help)");
      }
      String value;
      if (eq >= 0) {
        value = arg.substring(eq + 1);
      } else if (option.kind() == Kind.SWITCH
          && (i + 1 >= args.size() || !args.get(i + 1).matches("(?i)true|false"))) {
        value = "true";
      } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
        value = args.get(++i);
      } else {
        throw new ConfigException(flag + " needs a value (" + option.metavar() + ")");
      }
      values.put(option, value);
    }
    return values;
  }

  /** Turns one raw value into its JSON form, or fails naming {@code source}. */
  private static Object convert(Option o, String raw, String source) {
    switch (o.kind()) {
      case TEXT: {
        String v = raw.trim();
        if (v.isEmpty()) {
          throw new ConfigException(source + " must not be empty");
        }
        return v;
      }
      case SECRET:
        if (raw.isBlank()) {
          throw new ConfigException(source + " must not be empty");
        }
        return raw;
      case PORT: {
        int port = integer(raw, source);
        if (port < 0 || port > 65_535) {
          throw new ConfigException(source + " must be a port number 0..65535, got " + port);
        }
        return port;
      }
      case POSITIVE_INT: {
        int n = integer(raw, source);
        if (n <= 0) {
          throw new ConfigException(source + " must be a positive integer, got " + n);
        }
        return n;
      }
      case LIST:
        return new JsonArray(List.copyOf(split(raw)));
      case SERVICES: {
        Set<String> names = new LinkedHashSet<>();
        split(raw).forEach(n -> names.add(n.toLowerCase(Locale.ROOT)));
        if (names.isEmpty()) {
          throw new ConfigException(source + " must name at least one service");
        }
        return new JsonArray(List.copyOf(names));
      }
      case KEY_FILE:
        return readFile(raw.trim(), source, "public key file");
      case ALGORITHM: {
        String alg = raw.trim().toUpperCase(Locale.ROOT);
        if (!AuthConfig.ALGORITHMS.contains(alg)) {
          throw new ConfigException(source + " must be HS256, RS256 or ES256, got '" + raw + "'");
        }
        return alg;
      }
      case SWITCH: {
        String v = raw.trim().toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
          throw new ConfigException(source + " must be true or false, got '" + raw + "'");
        }
        return Boolean.parseBoolean(v);
      }
      case REDIS_MODE: {
        String mode = raw.trim().toLowerCase(Locale.ROOT);
        if (!io.lockstep.common.config.RedisConfig.MODES.contains(mode)) {
          throw new ConfigException(source + " must be standalone, sentinel or cluster, got '" + raw + "'");
        }
        return mode;
      }
      default:
        throw new AssertionError(o.kind());
    }
  }

  private static int integer(String raw, String source) {
    try {
      return Integer.parseInt(raw.trim());
    } catch (NumberFormatException e) {
      throw new ConfigException(source + " must be an integer, got '" + raw + "'");
    }
  }

  private static List<String> split(String raw) {
    List<String> items = new ArrayList<>();
    for (String part : raw.split(",", -1)) {
      if (!part.isBlank()) {
        items.add(part.trim());
      }
    }
    return items;
  }

  private static String readFile(String path, String source, String what) {
    try {
      return Files.readString(Path.of(path));
    } catch (IOException | RuntimeException e) {
      throw new ConfigException(source + ": cannot read " + what + " '" + path + "' ("
          + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
    }
  }

  /** Reads the {@code --config} file into a layer, checking every entry like the matching flag. */
  private static JsonObject readConfigFile(String path, String source) {
    String text = readFile(path.trim(), source, "config file");
    JsonObject json;
    try {
      json = new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      throw new ConfigException(path + ": not a JSON object (" + e.getMessage() + ")", e);
    }
    Map<String, Option> byPath = new LinkedHashMap<>();
    OPTIONS.stream().filter(o -> o.path() != null).forEach(o -> byPath.put(o.path(), o));
    JsonObject layer = new JsonObject();
    readEntries(json, "", byPath, layer, path);
    return layer;
  }

  private static void readEntries(JsonObject json, String prefix, Map<String, Option> byPath, JsonObject layer,
      String file) {
    for (Map.Entry<String, Object> e : json) {
      String path = prefix + e.getKey();
      Object value = e.getValue();
      String source = file + ": " + path;
      if (value == null) {
        continue;
      }
      if (prefix.isEmpty() && isSection(path)) {
        if (!(value instanceof JsonObject)) {
          throw new ConfigException(source + " must be an object");
        }
        readEntries((JsonObject) value, path + ".", byPath, layer, file);
        continue;
      }
      Option option = byPath.get(path);
      if (option == null) {
        throw new ConfigException(source + ": unknown setting (known: " + String.join(", ", byPath.keySet()) + ")");
      }
      put(layer, path, fileValue(option, value, source));
    }
  }

  private static boolean isSection(String key) {
    return key.equals("auth") || key.equals("redis") || key.equals("cluster")
        || SECTIONS.stream().anyMatch(section -> section.key().equals(key));
  }

  private static Object fileValue(Option option, Object value, String source) {
    if (option.kind() == Kind.LIST || option.kind() == Kind.SERVICES) {
      if (!(value instanceof JsonArray)) {
        throw new ConfigException(source + " must be a list of strings");
      }
      List<String> items = new ArrayList<>();
      for (Object item : (JsonArray) value) {
        if (!(item instanceof String)) {
          throw new ConfigException(source + " must be a list of strings, found " + item);
        }
        items.add((String) item);
      }
      return convert(option, String.join(",", items), source);
    }
    if (option.kind() == Kind.KEY_FILE) {
      // The file holds the key itself (publicKeyPem), as LockstepConfig.toJson() writes it.
      if (!(value instanceof String) || ((String) value).isBlank()) {
        throw new ConfigException(source + " must be a PEM public key");
      }
      return value;
    }
    if (option.kind() == Kind.SWITCH && value instanceof Boolean) {
      return value;
    }
    if (value instanceof JsonObject || value instanceof JsonArray || value instanceof Boolean) {
      throw new ConfigException(source + " must be " + (option.kind() == Kind.PORT
          || option.kind() == Kind.POSITIVE_INT ? "a number" : "a string") + ", got " + value);
    }
    return convert(option, String.valueOf(value), source);
  }

  /** Lays {@code layer} over {@code merged}; see the class comment for how auth keys replace each other. */
  private static void mergeLayer(JsonObject merged, JsonObject layer) {
    for (String key : layer.fieldNames()) {
      Object value = layer.getValue(key);
      if (SECTIONS.stream().anyMatch(section -> section.key().equals(key))) {
        merged.getJsonObject(key).mergeIn((JsonObject) value);
      } else if (key.equals("auth")) {
        JsonObject auth = (JsonObject) value;
        if (auth.containsKey("hmacSecret") || auth.containsKey("publicKeyPem")) {
          merged.put("auth", auth.copy());
        } else {
          merged.getJsonObject("auth").put("algorithm", auth.getValue("algorithm"));
        }
      } else {
        merged.put(key, value);
      }
    }
  }

  private static void put(JsonObject json, String path, Object value) {
    int dot = path.indexOf('.');
    if (dot < 0) {
      json.put(path, value);
      return;
    }
    String head = path.substring(0, dot);
    JsonObject child = json.getJsonObject(head);
    if (child == null) {
      child = new JsonObject();
      json.put(head, child);
    }
    child.put(path.substring(dot + 1), value);
  }

  private static String nonEmpty(String value) {
    return value == null || value.isEmpty() ? null : value;
  }

  private static String kebab(String camel) {
    StringBuilder b = new StringBuilder();
    for (char c : camel.toCharArray()) {
      if (Character.isUpperCase(c)) {
        b.append('-').append(Character.toLowerCase(c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  /** The default of {@code option} as the help shows it. */
  static String defaultText(Option option, SortedSet<String> available) {
    if (option.path() == null) {
      return "none";
    }
    switch (option.path()) {
      case "services":
        return available.isEmpty() ? "every service on the class path (none found)"
            : "every service on the class path: " + String.join(",", available);
      case "allowedOrigins":
        return "empty (every origin)";
      case "auth.hmacSecret":
      case "auth.publicKeyPem":
        return "none (without a secret or key, authentication is off)";
      case "auth.algorithm":
        return "HS256 with a secret, RS256 with a public key";
      default:
        Object v = LockstepConfig.defaults().toJson();
        for (String part : option.path().split("\\.")) {
          v = ((JsonObject) v).getValue(part);
        }
        return String.valueOf(v);
    }
  }

  /** The text {@code --help} prints: every flag, its environment variable and its default. */
  static String help(SortedSet<String> available) {
    StringBuilder b = new StringBuilder();
    b.append("Usage: java -jar lockstep.jar [--flag value | --flag=value]...\n\n")
        .append("Runs Lockstep services on one HTTP port, with GET /health and GET /metrics.\n")
        .append("Every flag has an environment variable. Precedence, lowest first:\n")
        .append("defaults, the --config file, environment variables, flags.\n")
        .append("Services on this class path: ")
        .append(available.isEmpty() ? "none" : String.join(", ", available)).append("\n\n")
        .append("Flags:\n");
    for (Option o : OPTIONS) {
      b.append("  ").append(o.flag()).append(' ').append(o.metavar())
          .append("   (env ").append(o.env()).append(")\n")
          .append("      ").append(o.help()).append('\n')
          .append("      default: ").append(defaultText(o, available)).append('\n');
    }
    b.append("  --help\n      print this help and exit\n\n")
        .append("Exit status: 0 after a clean stop (SIGTERM/SIGINT), 1 when start-up or stop fails, ")
        .append("2 for bad configuration.\n");
    return b.toString();
  }
}
