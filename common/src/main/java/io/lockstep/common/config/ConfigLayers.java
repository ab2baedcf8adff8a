package io.lockstep.common.config;

import io.lockstep.common.config.ConfigOption.Kind;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;

/**
 * Loads one {@link LockstepConfig} from its layers, lowest first: the defaults, the {@code --config}
 * JSON file, the environment, the flags. An empty environment variable counts as unset, except a
 * secret's ({@code LOCKSTEP_JWT_SECRET=""} is refused rather than silently meaning "authentication
 * off"). A layer that sets a JWT secret or public key replaces the key (and algorithm) of the layers
 * below it, so a flag can switch a deployment from HS256 to RS256 without unsetting the file's secret.
 * Without a key, {@link AnonymousExposure} keeps the server on loopback.
 *
 * <p>Any bad value fails with a {@link ConfigException} naming the flag, variable or file entry at
 * fault.
 */
public final class ConfigLayers {
  private ConfigLayers() {}

  /**
   * The configuration of {@code flags} (raw values by option, as given on the command line) over
   * {@code env} over the {@code --config} file over the defaults.
   *
   * @param services the default for {@code services}: those available on the class path
   */
  public static LockstepConfig load(Map<ConfigOption, String> flags, Map<String, String> env, Set<String> services) {
    JsonObject merged = LockstepConfig.defaults().withServices(services).toJson();

    boolean hostGiven = false;
    ConfigOption configOption = ConfigOptions.CONFIG_FILE;
    String configFile = flags.containsKey(configOption) ? flags.get(configOption) : nonEmpty(env.get(configOption.env()));
    if (configFile != null) {
      String source = flags.containsKey(configOption) ? configOption.flag() : configOption.env();
      JsonObject fileLayer = ConfigFile.read(configFile, source);
      hostGiven = fileLayer.containsKey("host");
      merge(merged, fileLayer);
    }

    JsonObject envLayer = new JsonObject();
    for (ConfigOption o : ConfigOptions.ALL) {
      if (o.kind() == Kind.SECRET && env.containsKey(o.env()) && env.get(o.env()).isEmpty()) {
        throw new ConfigException(o.env() + " is set but empty; give the secret, or unset the variable");
      }
      String value = nonEmpty(env.get(o.env()));
      if (o.path() != null && value != null) {
        put(envLayer, o.path(), OptionValues.convert(o, value, o.env()));
      }
    }
    merge(merged, envLayer);

    JsonObject flagLayer = new JsonObject();
    flags.forEach((o, value) -> {
      if (o.path() != null) {
        put(flagLayer, o.path(), OptionValues.convert(o, value, o.flag()));
      }
    });
    merge(merged, flagLayer);
    hostGiven |= envLayer.containsKey("host") || flagLayer.containsKey("host");

    try {
      LockstepConfig config = LockstepConfig.fromJson(merged);
      config.cluster().requireSafe();
      return AnonymousExposure.bound(config, hostGiven);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage(), e);
    }
  }

  /** Lays {@code layer} over {@code merged}; see the class comment for how auth keys replace each other. */
  private static void merge(JsonObject merged, JsonObject layer) {
    for (String key : layer.fieldNames()) {
      Object value = layer.getValue(key);
      if (ConfigOptions.isRecordSection(key)) {
        merged.getJsonObject(key).mergeIn((JsonObject) value);
      } else if (key.equals("auth")) {
        JsonObject auth = (JsonObject) value;
        JsonObject into = merged.getJsonObject("auth");
        if (auth.containsKey("hmacSecret") || auth.containsKey("publicKeyPem")) {
          into.putNull("hmacSecret").putNull("publicKeyPem").putNull("algorithm");
        }
        into.mergeIn(auth);
      } else if (value instanceof JsonObject section && merged.getValue(key) instanceof JsonObject into) {
        // cluster, redis: a layer sets some keys (--cluster) and keeps the others' (LOCKSTEP_CLUSTER_SECRET).
        into.mergeIn(section);
      } else {
        merged.put(key, value);
      }
    }
  }

  /** Puts {@code value} at a dotted {@code path} ({@code limits.maxFrameBytes}) of {@code json}. */
  static void put(JsonObject json, String path, Object value) {
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
}
