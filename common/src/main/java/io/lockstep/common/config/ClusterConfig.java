package io.lockstep.common.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Whether and how this process joins a Vert.x cluster (Hazelcast) so that its event bus reaches
 * the other nodes and each document gets one sequencer in the whole cluster.
 *
 * @param enabled join a cluster ({@code --cluster}); otherwise the event bus is local
 * @param host the address other members reach this one at
 * @param port the cluster (Hazelcast) port
 * @param members TCP/IP member list ({@code host:port}, DNS names allowed); empty uses multicast
 * @param kubernetesServiceDns in Kubernetes, the headless service's DNS name to discover members by
 */
public record ClusterConfig(boolean enabled, String host, int port, List<String> members, String kubernetesServiceDns) {
  public static final ClusterConfig OFF = new ClusterConfig(false, "127.0.0.1", 5701, List.of(), null);

  public ClusterConfig {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("cluster port must be 0..65535, got " + port);
    }
    members = members == null ? List.of() : List.copyOf(members);
    host = host == null || host.isBlank() ? "127.0.0.1" : host;
  }

  public JsonObject toJson() {
    return new JsonObject().put("enabled", enabled).put("host", host).put("port", port)
        .put("members", new JsonArray(members)).put("kubernetesServiceDns", kubernetesServiceDns);
  }

  public static ClusterConfig fromJson(JsonObject json) {
    if (json == null) {
      return OFF;
    }
    JsonArray members = json.getJsonArray("members");
    return new ClusterConfig(json.getBoolean("enabled", false), json.getString("host", OFF.host()),
        json.getInteger("port", OFF.port()), members == null ? List.of() : members.getList().stream().map(String::valueOf).toList(),
        json.getString("kubernetesServiceDns"));
  }
}
