package io.lockstep.app;

import io.lockstep.common.config.ConfigOption;
import io.lockstep.common.config.ConfigOptions;
import io.lockstep.common.config.LockstepConfig;
import io.vertx.core.json.JsonObject;
import java.util.SortedSet;

/** The text {@code --help} prints: every flag, its environment variable, its help and its default. */
final class CliHelp {
  private CliHelp() {}

  static String text(SortedSet<String> available) {
    StringBuilder b = new StringBuilder();
    b.append("Usage: java -jar lockstep.jar [--flag value | --flag=value]...\n\n")
        .append("Runs Lockstep services on one HTTP port, with GET /health and GET /metrics.\n")
        .append("Every flag has an environment variable. Precedence, lowest first:\n")
        .append("defaults, the --config file, environment variables, flags.\n")
        .append("Services on this class path: ")
        .append(available.isEmpty() ? "none" : String.join(", ", available)).append("\n\n")
        .append("Flags:\n");
    for (ConfigOption o : ConfigOptions.ALL) {
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

  /** The default of {@code option} as the help shows it. */
  static String defaultText(ConfigOption option, SortedSet<String> available) {
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
}
