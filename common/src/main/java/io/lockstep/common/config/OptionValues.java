package io.lockstep.common.config;

import io.vertx.core.json.JsonArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Turns the raw text of one option (a flag, an environment variable, a file entry) into its JSON form. */
final class OptionValues {
  private OptionValues() {}

  /** The JSON form of {@code raw}, or a {@link ConfigException} naming {@code source}. */
  static Object convert(ConfigOption o, String raw, String source) {
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
        if (!RedisConfig.MODES.contains(mode)) {
          throw new ConfigException(source + " must be standalone, sentinel or cluster, got '" + raw + "'");
        }
        return mode;
      }
      default:
        throw new AssertionError(o.kind());
    }
  }

  /** The text of the file at {@code path}, or a {@link ConfigException} naming {@code source}. */
  static String readFile(String path, String source, String what) {
    try {
      return Files.readString(Path.of(path));
    } catch (IOException | RuntimeException e) {
      throw new ConfigException(source + ": cannot read " + what + " '" + path + "' ("
          + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
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
}
