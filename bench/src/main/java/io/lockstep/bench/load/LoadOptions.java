package io.lockstep.bench.load;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The load generator's command line, parsed once. Flags take {@code --name value} or
 * {@code --name=value}; a bad or unknown flag is an {@link IllegalArgumentException} whose message
 * names it (the caller prints it with the usage and exits with 2).
 *
 * @param scenario {@code hot-doc}, {@code fanout}, {@code presence} or {@code feed}
 * @param urls the servers' {@code /sync} WebSocket URLs, loopback only: {@code --url a,b,c} spreads
 *     the connections over several nodes round robin (the first one also creates the document)
 * @param editors hot-doc: editor connections on the one document
 * @param subscribers fanout: subscriber connections on the one document; feed: SSE streams on the one channel
 * @param rate ops per second per sender (per editor in hot-doc, of the one writer in fanout, of the one
 *     publisher in feed), or meta frames per second per member (presence, default 20); null means
 *     closed loop (hot-doc only)
 * @param rooms presence: rooms
 * @param members presence: members per room
 * @param type {@code text-unicode}, {@code json0} or {@code crdt} (hot-doc: one counter every editor increments)
 * @param duration the measured window
 * @param warmup load before the window, not measured
 * @param serverPids the server processes (several nodes, Redis), for CPU and RSS from {@code /proc}, summed;
 *     empty skips them
 * @param connectTimeout bound on each connection and each setup request
 * @param settle fanout: pause after opening the idle subscribers, before reading RSS again
 * @param clientThreads event loops of the load generator
 * @param seed seed of the edits' randomness
 * @param deflate whether connections offer {@code permessage-deflate} as every browser does
 *     ({@code --deflate true}, the default); the server decides whether to accept
 * @param gcBeforeMemory fanout: ask the server JVM for a full GC ({@code jcmd PID GC.run}) before
 *     each memory reading, so that heap in use is live heap, not garbage from the handshakes
 * @param burst fanout: the writer sends this many ops back to back every {@code burst / rate}
 *     seconds (same average rate): what a server may coalesce, one write per subscriber per burst
 * @param batch whether {@code /sync} connections say {@code "batch":true} in {@code hello}, as the
 *     browser SDK does, and take frames that fell due together as one {@code batch} frame
 *     ({@code --batch true}); the default, false, is a client that knows single frames only
 */
record LoadOptions(
    String scenario,
    List<URI> urls,
    int editors,
    int subscribers,
    Double rate,
    int rooms,
    int members,
    String type,
    Duration duration,
    Duration warmup,
    List<Long> serverPids,
    Duration connectTimeout,
    Duration settle,
    int clientThreads,
    long seed,
    boolean deflate,
    boolean gcBeforeMemory,
    int burst,
    boolean batch) {

  /** The node the document is created on, and whose /metrics the run reads. */
  URI url() {
    return urls.get(0);
  }

  /** The URL connection {@code index} uses: connections are spread over the nodes round robin. */
  URI urlFor(int index) {
    return urls.get(Math.floorMod(index, urls.size()));
  }

  static final String USAGE = String.join("\n",
      "usage: LoadGen hot-doc --url ws://127.0.0.1:PORT/sync[,ws://…more nodes] --editors N [--duration 20s] [--rate R]",
      "                       [--type text-unicode|json0|crdt] [--warmup 5s] [--server-pid PID[,PID…]]",
      "       LoadGen fanout  --url ws://127.0.0.1:PORT/sync --subscribers M --rate R [--duration 20s]",
      "                       [--warmup 5s] [--settle 3s] [--server-pid PID[,PID…]]",
      "       LoadGen presence --url ws://127.0.0.1:PORT/sync --rooms R --members M [--rate 20] [--duration 20s]",
      "                       [--warmup 5s] [--server-pid PID[,PID…]]   (connects to /presence on the same host and port)",
      "       LoadGen feed    --url ws://127.0.0.1:PORT/sync --subscribers M --rate R [--duration 20s]",
      "                       [--warmup 5s] [--server-pid PID[,PID…]]   (SSE on the same host and port)",
      "common: [--connect-timeout 10s] [--client-threads N] [--seed S] [--deflate true|false]",
      "        [--batch true|false]   (hello with \"batch\":true, as the browser SDK says; default false)",
      "fanout: [--gc-before-memory true|false]   (jcmd GC.run on the server before each memory reading)",
      "        [--burst N]   (the writer sends N ops back to back every N/R s; default 1)",
      "hot-doc without --rate is closed loop: each editor keeps one op in flight.",
      "--rate is ops/s per editor (hot-doc, fixed rate, pipelined) or of the one writer (fanout),",
      "meta frames/s per member (presence), or events/s of the one publisher (feed).");

  private static final Set<String> FLAGS = Set.of("url", "editors", "subscribers", "rate", "type", "duration",
      "warmup", "server-pid", "connect-timeout", "settle", "client-threads", "seed", "rooms", "members", "deflate",
      "gc-before-memory", "burst", "batch");

  static LoadOptions parse(String[] args) {
    if (args.length == 0 || !List.of("hot-doc", "fanout", "presence", "feed").contains(args[0])) {
      throw new IllegalArgumentException("the first argument must be hot-doc, fanout, presence or feed");
    }
    Map<String, String> flags = flags(args);
    String scenario = args[0];
    List<URI> urls = java.util.Arrays.stream(required(flags, "url").split(","))
        .map(String::trim).filter(u -> !u.isEmpty()).map(LoadOptions::loopbackUrl).toList();
    int editors = positiveInt(flags, "editors", scenario.equals("hot-doc") ? null : 0);
    int subscribers = positiveInt(flags, "subscribers", List.of("fanout", "feed").contains(scenario) ? null : 0);
    // Boxed on purpose: a primitive branch would unbox the null of "no rate" (closed loop).
    Double rate = flags.containsKey("rate") ? Double.valueOf(positiveDouble(flags.get("rate"), "rate"))
        : scenario.equals("presence") ? Double.valueOf(20) : null;
    int rooms = positiveInt(flags, "rooms", scenario.equals("presence") ? null : 0);
    int members = positiveInt(flags, "members", scenario.equals("presence") ? null : 0);
    if (List.of("fanout", "feed").contains(scenario) && rate == null) {
      throw new IllegalArgumentException("--rate is required for " + scenario + " (per second, of the one sender)");
    }
    String type = flags.getOrDefault("type", "text-unicode");
    if (!List.of("text-unicode", "json0", "crdt").contains(type)) {
      throw new IllegalArgumentException("--type must be text-unicode, json0 or crdt, got '" + type + "'");
    }
    List<Long> pids = flags.containsKey("server-pid")
        ? java.util.Arrays.stream(flags.get("server-pid").split(",")).map(String::trim).map(LoadOptions::pid).toList()
        : List.of();
    int threads = flags.containsKey("client-threads")
        ? positiveInt(flags, "client-threads", null)
        : Runtime.getRuntime().availableProcessors();
    long seed = flags.containsKey("seed") ? Long.parseLong(flags.get("seed")) : 42L;
    return new LoadOptions(scenario, urls, editors, subscribers, rate, rooms, members, type,
        duration(flags, "duration", "20s"), duration(flags, "warmup", "5s"), pids,
        duration(flags, "connect-timeout", "10s"), duration(flags, "settle", "3s"), threads, seed,
        bool(flags, "deflate", true), bool(flags, "gc-before-memory", false),
        positiveInt(flags, "burst", 1), bool(flags, "batch", false));
  }

  private static boolean bool(Map<String, String> flags, String name, boolean otherwise) {
    String value = flags.get(name);
    if (value == null) {
      return otherwise;
    }
    if (!value.equals("true") && !value.equals("false")) {
      throw new IllegalArgumentException("--" + name + " must be true or false, got '" + value + "'");
    }
    return Boolean.parseBoolean(value);
  }

  boolean closedLoop() {
    return rate == null;
  }

  private static Map<String, String> flags(String[] args) {
    Map<String, String> flags = new HashMap<>();
    for (int i = 1; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument '" + arg + "'");
      }
      String name = arg.substring(2);
      String value;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new IllegalArgumentException("--" + name + " needs a value");
      }
      if (!FLAGS.contains(name)) {
        throw new IllegalArgumentException("unknown flag --" + name);
      }
      flags.put(name, value);
    }
    return flags;
  }

  private static String required(Map<String, String> flags, String name) {
    String value = flags.get(name);
    if (value == null) {
      throw new IllegalArgumentException("--" + name + " is required");
    }
    return value;
  }

  /** The URL, refused unless it points at this machine: the figures are for loopback only. */
  private static URI loopbackUrl(String text) {
    URI url = URI.create(text);
    if (!"ws".equals(url.getScheme()) || url.getPort() < 0) {
      throw new IllegalArgumentException("--url must look like ws://127.0.0.1:PORT/sync, got '" + text + "'");
    }
    if (!List.of("127.0.0.1", "localhost", "[::1]").contains(url.getHost())) {
      throw new IllegalArgumentException("--url must be a loopback address, got '" + url.getHost() + "'");
    }
    return url;
  }

  private static int positiveInt(Map<String, String> flags, String name, Integer absent) {
    String value = flags.get(name);
    if (value == null) {
      if (absent == null) {
        throw new IllegalArgumentException("--" + name + " is required");
      }
      return absent;
    }
    try {
      int n = Integer.parseInt(value);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("--" + name + " must be a positive integer, got '" + value + "'");
  }

  private static double positiveDouble(String value, String name) {
    try {
      double d = Double.parseDouble(value);
      if (d > 0 && Double.isFinite(d)) {
        return d;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("--" + name + " must be a positive number, got '" + value + "'");
  }

  /** {@code 20s}, {@code 500ms}, {@code 2m}, or a bare number of seconds. */
  private static Duration duration(Map<String, String> flags, String name, String absent) {
    String value = flags.getOrDefault(name, absent).trim();
    try {
      Duration d;
      if (value.endsWith("ms")) {
        d = Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
      } else if (value.endsWith("s")) {
        d = Duration.ofMillis(Math.round(Double.parseDouble(value.substring(0, value.length() - 1)) * 1000));
      } else if (value.endsWith("m")) {
        d = Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)) * 60);
      } else {
        d = Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000));
      }
      if (!d.isNegative()) {
        return d;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("--" + name + " must be a duration like 20s or 500ms, got '" + value + "'");
  }

  private static long pid(String text) {
    try {
      long pid = Long.parseLong(text);
      if (pid > 0) {
        return pid;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("--server-pid takes process ids separated by commas, got '" + text + "'");
  }
}
