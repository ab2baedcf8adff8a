package io.lockstep.common.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Whether and how this process joins a Vert.x cluster (Hazelcast) so that its event bus reaches
 * the other nodes and each document gets one sequencer in the whole cluster. A cluster is closed by
 * default (docs/security.md): members need the shared {@code secret}, discovery is a member list or
 * Kubernetes DNS unless multicast is asked for, and the event bus can require mutual TLS.
 *
 * @param enabled join a cluster ({@code --cluster}); otherwise the event bus is local
 * @param host the address other members reach this one at; the cluster binds to this interface only
 * @param port the cluster (Hazelcast) port
 * @param members TCP/IP member list ({@code host:port}, DNS names allowed)
 * @param kubernetesServiceDns in Kubernetes, the headless service's DNS name to discover members by
 * @param multicast discover members by multicast when no list and no DNS name is given (off unless asked)
 * @param secret shared by every member, at least {@link #MIN_SECRET_BYTES} bytes; a process without
 *     it cannot join
 * @param tlsCertFile PEM certificate of this member's event bus (with the two below: mutual TLS)
 * @param tlsKeyFile PEM private key of that certificate
 * @param tlsCaFile PEM certificate(s) a peer's event-bus certificate must be signed by
 */
public record ClusterConfig(
    boolean enabled,
    String host,
    int port,
    List<String> members,
    String kubernetesServiceDns,
    boolean multicast,
    String secret,
    String tlsCertFile,
    String tlsKeyFile,
    String tlsCaFile) {

  public static final int MIN_SECRET_BYTES = 32;

  public static final ClusterConfig OFF =
      new ClusterConfig(false, "127.0.0.1", 5701, List.of(), null, false, null, null, null, null);

  public ClusterConfig {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("cluster port must be 0..65535, got " + port);
    }
    members = members == null ? List.of() : List.copyOf(members);
    host = host == null || host.isBlank() ? "127.0.0.1" : host;
  }

  /** The checks a clustered start makes; throws {@link ConfigException} naming what to set. */
  public void requireSafe() {
    if (!enabled) {
      return;
    }
    if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
      throw new ConfigException("--cluster needs a cluster secret of at least " + MIN_SECRET_BYTES
          + " bytes shared by every member (LOCKSTEP_CLUSTER_SECRET): without one anybody who reaches the"
          + " cluster port could join and use the event bus");
    }
    if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
      throw new ConfigException("--cluster-host must be this member's own address, not the wildcard " + host
          + ": the cluster binds to that interface only");
    }
    boolean discovery = !members.isEmpty() || (kubernetesServiceDns != null && !kubernetesServiceDns.isBlank());
    if (!discovery && !multicast) {
      throw new ConfigException("--cluster needs --cluster-members or --cluster-kubernetes-dns"
          + " (or --cluster-multicast, for a trusted LAN)");
    }
    int tlsFiles = (tlsCertFile == null ? 0 : 1) + (tlsKeyFile == null ? 0 : 1) + (tlsCaFile == null ? 0 : 1);
    if (tlsFiles != 0 && tlsFiles != 3) {
      throw new ConfigException("event-bus TLS needs all of --cluster-tls-cert-file, --cluster-tls-key-file"
          + " and --cluster-tls-ca-file");
    }
  }

  /** Whether the event bus runs mutual TLS. */
  public boolean tls() {
    return tlsCertFile != null;
  }

  @Override
  public String toString() {
    // Never print the secret (configurations get logged).
    return "ClusterConfig[enabled=" + enabled + ", host=" + host + ", port=" + port + ", members=" + members
        + ", kubernetesServiceDns=" + kubernetesServiceDns + ", multicast=" + multicast
        + ", secret=" + (secret == null ? "none" : "(set)") + ", tls=" + tls() + "]";
  }

  public JsonObject toJson() {
    return new JsonObject().put("enabled", enabled).put("host", host).put("port", port)
        .put("members", new JsonArray(members)).put("kubernetesServiceDns", kubernetesServiceDns)
        .put("multicast", multicast).put("secret", secret)
        .put("tlsCertFile", tlsCertFile).put("tlsKeyFile", tlsKeyFile).put("tlsCaFile", tlsCaFile);
  }

  public static ClusterConfig fromJson(JsonObject json) {
    if (json == null) {
      return OFF;
    }
    JsonArray members = json.getJsonArray("members");
    return new ClusterConfig(json.getBoolean("enabled", false), json.getString("host", OFF.host()),
        json.getInteger("port", OFF.port()), members == null ? List.of() : members.getList().stream().map(String::valueOf).toList(),
        json.getString("kubernetesServiceDns"), json.getBoolean("multicast", false), json.getString("secret"),
        json.getString("tlsCertFile"), json.getString("tlsKeyFile"), json.getString("tlsCaFile"));
  }
}
