package io.lockstep.common.config;

import io.lockstep.common.config.ConfigOption.Kind;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The catalogue of every setting: one {@link ConfigOption} each, with its help. The limits,
 * presence and feed settings are read off their records, component by component, so a new component
 * cannot be forgotten here (its missing help fails at class load).
 */
public final class ConfigOptions {
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
      Map.entry("maxQueuedPerDoc", "requests waiting for one document's sequencer; more are refused with unavailable"),
      Map.entry("maxHistoryBytes", "bytes of op history kept per document (sequencer memory and op store), besides retainOps; older ops are trimmed"),
      Map.entry("maxSourcesPerDoc", "src de-duplication records kept per document; the least recently used are dropped past it"),
      Map.entry("maxPageOps", "most ops in one page of fetch or GET /docs/{doc}/ops; the rest comes after next"),
      Map.entry("maxPageBytes", "most op bytes in one page of fetch or GET /docs/{doc}/ops (one op is always sent)"),
      Map.entry("httpOpsPerSecond", "sustained HTTP op submissions per second per user and per client address; faster gets 429 rate_limited"),
      Map.entry("httpOpsBurst", "HTTP op submissions a user or address may make at once before the rate applies"),
      Map.entry("maxRateKeys", "users plus addresses whose HTTP rate one node tracks at once; the idlest are forgotten past it"),
      Map.entry("maxQueueWaitMs", "longest expected wait for one document's sequencer; an op that would wait longer is refused with unavailable and retryMs"),
      Map.entry("maxQueuedBytesPerDoc", "bytes of ops waiting for one document's sequencer; more are refused with unavailable and retryMs"));

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

  private static final Map<String, String> CONNECTION_HELP = Map.ofEntries(
      Map.entry("maxConnections", "open WebSocket and SSE connections of the whole process; more are refused with 503 unavailable"),
      Map.entry("maxConnectionsPerIp", "open connections from one client address; more are refused with 429 rate_limited "
          + "(behind a proxy all clients share its address: raise this there)"),
      Map.entry("helloTimeoutMs", "with auth on, a /sync or /presence socket without an accepted hello (a /sharedb one without a "
          + "token) this long is closed with 4002"));

  /** Settings records read component by component: JSON key, record, flag prefix, help per component. */
  record Section(String key, Class<? extends Record> type, String flagPrefix, Map<String, String> help) {}

  static final List<Section> SECTIONS = List.of(
      new Section("limits", Limits.class, "", LIMIT_HELP),
      new Section("presence", PresenceConfig.class, "presence-", PRESENCE_HELP),
      new Section("feeds", FeedConfig.class, "feed-", FEED_HELP),
      new Section("connections", ConnectionLimits.class, "", CONNECTION_HELP));

  /** Every option, {@link #CONFIG_FILE} first, in the order {@code --help} lists them. */
  public static final List<ConfigOption> ALL = catalogue();

  /** {@code --config FILE}: the JSON file layered between the defaults and the environment. */
  public static final ConfigOption CONFIG_FILE = ALL.get(0);

  private ConfigOptions() {}

  /** The options keyed by flag. */
  public static Map<String, ConfigOption> byFlag() {
    Map<String, ConfigOption> byFlag = new LinkedHashMap<>();
    ALL.forEach(o -> byFlag.put(o.flag(), o));
    return byFlag;
  }

  /** The options that are settings, keyed by their JSON path. */
  static Map<String, ConfigOption> byPath() {
    Map<String, ConfigOption> byPath = new LinkedHashMap<>();
    ALL.stream().filter(o -> o.path() != null).forEach(o -> byPath.put(o.path(), o));
    return byPath;
  }

  /** Whether {@code key} is a nested object of the JSON shape ({@code auth}, {@code limits}…). */
  static boolean isSection(String key) {
    return key.equals("auth") || key.equals("redis") || key.equals("cluster") || isRecordSection(key);
  }

  /** Whether {@code key} is one of the records whose entries a layer merges one by one. */
  static boolean isRecordSection(String key) {
    return SECTIONS.stream().anyMatch(section -> section.key().equals(key));
  }

  private static List<ConfigOption> catalogue() {
    List<ConfigOption> o = new ArrayList<>();
    o.add(option("--config", null, Kind.CONFIG_FILE, "FILE",
        "JSON configuration file in the shape of LockstepConfig.toJson(); missing entries keep their default"));
    o.add(option("--host", "host", Kind.TEXT, "HOST", "address the HTTP server binds to; without a JWT key "
        + "(and without --allow-anonymous) only a loopback address, and 127.0.0.1 when not given"));
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
    o.add(option("--allow-anonymous", "auth.allowAnonymous", Kind.SWITCH, "[true|false]",
        "without a JWT key, serve clients on a non-loopback --host anyway, each with every right; "
            + "without this flag and without a key Lockstep binds to loopback only"));
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
        "comma-separated host:port of cluster members to join over TCP/IP"));
    o.add(option("--cluster-kubernetes-dns", "cluster.kubernetesServiceDns", Kind.TEXT, "NAME",
        "in Kubernetes: the headless service DNS name whose addresses are the cluster members"));
    o.add(option("--cluster-multicast", "cluster.multicast", Kind.SWITCH, "[true|false]",
        "discover cluster members by multicast when no member list or DNS name is given (trusted LANs only)"));
    o.add(option("--cluster-secret", "cluster.secret", Kind.SECRET, "SECRET",
        "required with --cluster: at least 32 bytes shared by every member; nobody without it joins"));
    o.add(option("--cluster-tls-cert-file", "cluster.tlsCertFile", Kind.TEXT, "FILE",
        "PEM certificate of this member's event bus; with the key and CA files the event bus runs mutual TLS"));
    o.add(option("--cluster-tls-key-file", "cluster.tlsKeyFile", Kind.TEXT, "FILE", "PEM private key of that certificate"));
    o.add(option("--cluster-tls-ca-file", "cluster.tlsCaFile", Kind.TEXT, "FILE",
        "PEM CA certificate that every member's event-bus certificate is signed by"));
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

  private static ConfigOption option(String flag, String path, Kind kind, String metavar, String help) {
    String env = ENV_PREFIX + flag.substring(2).toUpperCase(Locale.ROOT).replace('-', '_');
    return new ConfigOption(flag, env, path, kind, metavar, help);
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
}
