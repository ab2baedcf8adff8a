package io.lockstep.common.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Where the shared engines live. No endpoint means the embedded in-memory engines (one process);
 * otherwise every replica shares this Redis.
 *
 * @param endpoints connection strings as vertx-redis-client takes them ({@code redis://host:6379/0},
 *     {@code rediss://…}); several for sentinel or cluster mode
 * @param mode {@code standalone}, {@code sentinel} or {@code cluster}
 * @param masterName the sentinel master's name (sentinel mode only)
 */
public record RedisConfig(List<String> endpoints, String mode, String masterName) {
  public static final Set<String> MODES = Set.of("standalone", "sentinel", "cluster");
  public static final RedisConfig NONE = new RedisConfig(List.of(), "standalone", null);

  public RedisConfig {
    endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
    mode = mode == null ? "standalone" : mode.toLowerCase(Locale.ROOT);
    if (!MODES.contains(mode)) {
      throw new IllegalArgumentException("redis mode must be standalone, sentinel or cluster, got " + mode);
    }
    for (String endpoint : endpoints) {
      if (!endpoint.matches("^(redis|rediss|unix)://.+")) {
        throw new IllegalArgumentException("a Redis endpoint is a redis://, rediss:// or unix:// URI, got " + endpoint);
      }
    }
    if (mode.equals("sentinel") && (masterName == null || masterName.isBlank())) {
      throw new IllegalArgumentException("sentinel mode needs the master's name");
    }
  }

  /** Whether replicas share Redis (otherwise the embedded memory engines are used). */
  public boolean enabled() {
    return !endpoints.isEmpty();
  }

  public JsonObject toJson() {
    return new JsonObject().put("endpoints", new JsonArray(endpoints)).put("mode", mode).put("masterName", masterName);
  }

  public static RedisConfig fromJson(JsonObject json) {
    if (json == null) {
      return NONE;
    }
    JsonArray endpoints = json.getJsonArray("endpoints");
    return new RedisConfig(endpoints == null ? List.of() : endpoints.getList().stream().map(String::valueOf).toList(),
        json.getString("mode"), json.getString("masterName"));
  }
}
