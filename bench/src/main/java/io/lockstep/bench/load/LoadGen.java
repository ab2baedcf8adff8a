package io.lockstep.bench.load;

/**
 * Load generator for Lockstep's {@code /sync} and {@code /presence} WebSockets and {@code /feeds} SSE: real connections over loopback, latency
 * histograms, server CPU and memory read from {@code /proc}. See {@link LoadOptions#USAGE};
 * {@code bench/run-load.sh} starts a server with benchmark limits and runs this against it.
 *
 * <p>Exit status: 0 when the run completed and passed its checks, 1 when it failed (could not
 * connect, no progress, ops out of order, connections dropped, errors over 1% of ops), 2 for bad
 * arguments.
 */
public final class LoadGen {
  private LoadGen() {}

  public static void main(String[] args) {
    LoadOptions options;
    try {
      options = LoadOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("loadgen: " + e.getMessage());
      System.err.println(LoadOptions.USAGE);
      System.exit(2);
      return;
    }
    int status;
    try {
      Report report = switch (options.scenario()) {
        case "hot-doc" -> new HotDoc(options).run();
        case "presence" -> new PresenceLoad(options).run();
        case "feed" -> new FeedFanout(options).run();
        default -> new Fanout(options).run();
      };
      report.print();
      status = report.failed() ? 1 : 0;
    } catch (Session.RunFailure e) {
      System.err.println("loadgen: run failed: " + e.getMessage());
      status = 1;
    }
    System.exit(status);
  }
}
