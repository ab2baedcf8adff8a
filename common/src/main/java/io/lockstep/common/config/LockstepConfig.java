package io.lockstep.common.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The whole configuration of one Lockstep process, immutable, parsed once by the launcher from
 * defaults, then environment variables, then flags. Services receive it in
 * the service environment of service-edge and never read the environment themselves.
 *
 * @param host address the HTTP server binds to
 * @param port HTTP port (0 picks a free one, for tests)
 * @param services names of the services this process runs ({@code sync}, {@code presence}, {@code feed})
 * @param nodeId this process's id, reported in {@code welcome}
 * @param heartbeatMs heartbeat interval announced to clients
 * @param allowedOrigins WebSocket {@code Origin} allow-list; empty allows every origin
 * @param auth token verification
 * @param limits per-connection and per-document limits
 * @param redis the shared Redis, or {@link RedisConfig#NONE} for the embedded memory engines
 * @param cluster whether and how to join a Vert.x cluster
 * @param presence the presence service's TTLs, coalescing tick and limits
 * @param feeds the feed service's retention, heartbeat and limits
 * @param connections bounds on open client connections and the hello timeout
 * @param demo whether the HTTP front serves the demo web app at {@code /}
 * @param wsCompression whether WebSocket connections may negotiate permessage-deflate (off by
 *     default: see docs/operations.md, "WebSocket compression")
 */
public record LockstepConfig(
    String host,
    int port,
    Set<String> services,
    String nodeId,
    int heartbeatMs,
    List<String> allowedOrigins,
    AuthConfig auth,
    Limits limits,
    RedisConfig redis,
    ClusterConfig cluster,
    PresenceConfig presence,
    FeedConfig feeds,
    ConnectionLimits connections,
    boolean demo,
    boolean wsCompression) {

  public LockstepConfig {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host must not be empty");
    }
    if (nodeId == null || nodeId.isBlank()) {
      throw new IllegalArgumentException("node id must not be empty");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
    if (heartbeatMs <= 0) {
      throw new IllegalArgumentException("heartbeat must be positive, got " + heartbeatMs);
    }
    services = Set.copyOf(services);
    allowedOrigins = List.copyOf(allowedOrigins);
    auth = auth == null ? AuthConfig.OPEN : auth;
    limits = limits == null ? Limits.DEFAULTS : limits;
    redis = redis == null ? RedisConfig.NONE : redis;
    cluster = cluster == null ? ClusterConfig.OFF : cluster;
    presence = presence == null ? PresenceConfig.DEFAULTS : presence;
    feeds = feeds == null ? FeedConfig.DEFAULTS : feeds;
    connections = connections == null ? ConnectionLimits.DEFAULTS : connections;
    if (presence.ttlMs() <= heartbeatMs) {
      throw new IllegalArgumentException("the presence TTL (" + presence.ttlMs()
          + " ms) must be longer than the heartbeat (" + heartbeatMs + " ms), or every member would expire");
    }
  }

  /** Defaults for one process running every service, for embedded use and tests. */
  public static LockstepConfig defaults() {
    return new LockstepConfig("0.0.0.0", 9000, Set.of("sync", "presence", "feed"), "node-1", 25_000,
        List.of(), AuthConfig.OPEN, Limits.DEFAULTS,
        RedisConfig.NONE, ClusterConfig.OFF, PresenceConfig.DEFAULTS, FeedConfig.DEFAULTS, ConnectionLimits.DEFAULTS,
        true, false);
  }

  public LockstepConfig withPort(int newPort) {
    return new LockstepConfig(host, newPort, services, nodeId, heartbeatMs, allowedOrigins, auth, limits, redis, cluster, presence, feeds, connections, demo, wsCompression);
  }

  public LockstepConfig withHost(String newHost) {
    return new LockstepConfig(newHost, port, services, nodeId, heartbeatMs, allowedOrigins, auth, limits, redis, cluster, presence, feeds, connections, demo, wsCompression);
  }

  public LockstepConfig withServices(Set<String> newServices) {
    return new LockstepConfig(host, port, newServices, nodeId, heartbeatMs, allowedOrigins, auth, limits, redis, cluster, presence, feeds, connections, demo, wsCompression);
  }

  public LockstepConfig withNodeId(String newNodeId) {
    return new LockstepConfig(host, port, services, newNodeId, heartbeatMs, allowedOrigins, auth, limits, redis, cluster, presence, feeds, connections, demo, wsCompression);
  }

  public LockstepConfig withAuth(AuthConfig newAuth) {
    return new LockstepConfig(host, port, services, nodeId, heartbeatMs, allowedOrigins, newAuth, limits, redis, cluster, presence, feeds, connections, demo, wsCompression);
  }

  public LockstepConfig withLimits(Limits newLimits) {
    return new LockstepConfig(host, port, services, nodeId, heartbeatMs, allowedOrigins, auth, newLimits, redis, cluster, presence, feeds, connections, demo, wsCompression);
  }

  public LockstepConfig withAllowedOrigins(List<String> origins) {
    return new LockstepConfig(host, port, services, nodeId, heartbeatMs, origins, auth, limits, redis, cluster, presence, feeds, connections, demo, wsCompression);
  }

  public LockstepConfig withRedis(RedisConfig newRedis) {
    return new LockstepConfig(host, port, services, nodeId, heartbeatMs, allowedOrigins, auth, limits, newRedis, cluster, presence, feeds, connections, demo, wsCompression);
  }

  public LockstepConfig withCluster(ClusterConfig newCluster) {
    return new LockstepConfig(host, port, services, nodeId, heartbeatMs, allowedOrigins, auth, limits, redis, newCluster, presence, feeds, connections, demo, wsCompression);
  }

  public LockstepConfig withPresence(PresenceConfig newPresence) {
    return new LockstepConfig(host, port, services, nodeId, heartbeatMs, allowedOrigins, auth, limits, redis, cluster, newPresence, feeds, connections, demo, wsCompression);
  }

  public LockstepConfig withFeeds(FeedConfig newFeeds) {
    return new LockstepConfig(host, port, services, nodeId, heartbeatMs, allowedOrigins, auth, limits, redis, cluster, presence, newFeeds, connections, demo, wsCompression);
  }

  public LockstepConfig withConnections(ConnectionLimits newConnections) {
    return new LockstepConfig(host, port, services, nodeId, heartbeatMs, allowedOrigins, auth, limits, redis, cluster, presence, feeds, newConnections, demo, wsCompression);
  }

  public LockstepConfig withDemo(boolean newDemo) {
    return new LockstepConfig(host, port, services, nodeId, heartbeatMs, allowedOrigins, auth, limits, redis, cluster, presence, feeds, connections, newDemo, wsCompression);
  }

  public LockstepConfig withWsCompression(boolean newWsCompression) {
    return new LockstepConfig(host, port, services, nodeId, heartbeatMs, allowedOrigins, auth, limits, redis, cluster, presence, feeds, connections, demo, newWsCompression);
  }

  /** For {@code DeploymentOptions.setConfig}; {@link #fromJson} reads it back. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("host", host).put("port", port)
        .put("services", new JsonArray(List.copyOf(new TreeSet<>(services))))
        .put("nodeId", nodeId).put("heartbeatMs", heartbeatMs)
        .put("allowedOrigins", new JsonArray(allowedOrigins))
        .put("auth", auth.toJson()).put("limits", limits.toJson())
        .put("redis", redis.toJson()).put("cluster", cluster.toJson())
        .put("presence", presence.toJson()).put("feeds", feeds.toJson())
        .put("connections", connections.toJson())
        .put("demo", demo).put("wsCompression", wsCompression);
  }

  public static LockstepConfig fromJson(JsonObject json) {
    LockstepConfig d = defaults();
    JsonArray services = json.getJsonArray("services");
    JsonArray origins = json.getJsonArray("allowedOrigins");
    return new LockstepConfig(
        json.getString("host", d.host), json.getInteger("port", d.port),
        services == null ? d.services : Set.copyOf(services.getList().stream().map(String::valueOf).toList()),
        json.getString("nodeId", d.nodeId), json.getInteger("heartbeatMs", d.heartbeatMs),
        origins == null ? d.allowedOrigins : origins.getList().stream().map(String::valueOf).toList(),
        AuthConfig.fromJson(json.getJsonObject("auth")),
        json.getJsonObject("limits") == null ? d.limits : Limits.fromJson(json.getJsonObject("limits")),
        RedisConfig.fromJson(json.getJsonObject("redis")), ClusterConfig.fromJson(json.getJsonObject("cluster")),
        PresenceConfig.fromJson(json.getJsonObject("presence")), FeedConfig.fromJson(json.getJsonObject("feeds")),
        ConnectionLimits.fromJson(json.getJsonObject("connections")),
        json.getBoolean("demo", d.demo), json.getBoolean("wsCompression", d.wsCompression));
  }
}
