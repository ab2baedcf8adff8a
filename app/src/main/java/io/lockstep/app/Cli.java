package io.lockstep.app;

import io.lockstep.common.config.ConfigException;
import io.lockstep.common.config.ConfigLayers;
import io.lockstep.common.config.ConfigOption;
import io.lockstep.common.config.ConfigOptions;
import io.lockstep.common.config.LockstepConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;

/**
 * Reads the command line: {@code --help}, or the flags ({@code --max-frame-bytes 65536} or
 * {@code --max-frame-bytes=65536}), which {@link ConfigLayers} lays over the environment, the
 * {@code --config} file and the defaults into one {@link LockstepConfig}. Every setting and its
 * environment variable are in {@link ConfigOptions}; the help text is {@link CliHelp}'s.
 *
 * <p>Any bad value fails with a {@link ConfigException} naming the flag, variable or file entry at
 * fault; the launcher prints it and exits with status 2.
 */
final class Cli {

  /** What the command line asks for: run with a configuration, or print the help. */
  sealed interface Outcome permits Run, Help {}

  record Run(LockstepConfig config) implements Outcome {}

  record Help(String text) implements Outcome {}

  private Cli() {}

  /**
   * Parses {@code args} and {@code env} into what to do.
   *
   * @param available the services found on the class path: the default for {@code --services}
   * @throws ConfigException for an unknown flag, a missing or bad value, an unreadable file, or
   *     settings that contradict each other
   */
  static Outcome parse(List<String> args, Map<String, String> env, SortedSet<String> available) {
    if (args.contains("--help") || args.contains("-h")) {
      return new Help(CliHelp.text(available));
    }
    return new Run(ConfigLayers.load(readFlags(args), env, available));
  }

  private static Map<ConfigOption, String> readFlags(List<String> args) {
    Map<String, ConfigOption> byFlag = ConfigOptions.byFlag();
    Map<ConfigOption, String> values = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--")) {
        throw new ConfigException("unexpected argument '" + arg + "' (flags start with --; see --help)");
      }
      int eq = arg.indexOf('=');
      String flag = eq < 0 ? arg : arg.substring(0, eq);
      ConfigOption option = byFlag.get(flag);
      if (option == null) {
        throw new ConfigException("unknown flag " + flag + " (see --help)");
      }
      String value;
      if (eq >= 0) {
        value = arg.substring(eq + 1);
      } else if (option.kind() == ConfigOption.Kind.SWITCH
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
}
