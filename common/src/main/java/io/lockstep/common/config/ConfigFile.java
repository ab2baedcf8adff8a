package io.lockstep.common.config;

import io.lockstep.common.config.ConfigOption.Kind;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code --config} JSON file, in the shape of {@link LockstepConfig#toJson()}: every entry is
 * checked like the matching flag, and an unknown entry is an error rather than silently ignored.
 */
final class ConfigFile {
  private ConfigFile() {}

  /** Reads the file into a layer; a {@link ConfigException} names the file and entry at fault. */
  static JsonObject read(String path, String source) {
    String text = OptionValues.readFile(path.trim(), source, "config file");
    JsonObject json;
    try {
      json = new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      throw new ConfigException(path + ": not a JSON object (" + e.getMessage() + ")", e);
    }
    JsonObject layer = new JsonObject();
    readEntries(json, "", ConfigOptions.byPath(), layer, path);
    return layer;
  }

  private static void readEntries(JsonObject json, String prefix, Map<String, ConfigOption> byPath, JsonObject layer,
      String file) {
    for (Map.Entry<String, Object> e : json) {
      String path = prefix + e.getKey();
      Object value = e.getValue();
      String source = file + ": " + path;
      if (value == null) {
        continue;
      }
      if (prefix.isEmpty() && ConfigOptions.isSection(path)) {
        if (!(value instanceof JsonObject)) {
          throw new ConfigException(source + " must be an object");
        }
        readEntries((JsonObject) value, path + ".", byPath, layer, file);
        continue;
      }
      ConfigOption option = byPath.get(path);
      if (option == null) {
        throw new ConfigException(source + ": unknown setting (known: " + String.join(", ", byPath.keySet()) + ")");
      }
      ConfigLayers.put(layer, path, value(option, value, source));
    }
  }

  private static Object value(ConfigOption option, Object value, String source) {
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
      return OptionValues.convert(option, String.join(",", items), source);
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
    return OptionValues.convert(option, String.valueOf(value), source);
  }
}
