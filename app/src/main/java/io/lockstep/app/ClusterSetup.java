package io.lockstep.app;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.lockstep.common.config.ClusterConfig;
import io.lockstep.common.config.ConfigException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a clustered Vert.x for {@code --cluster}: Hazelcast as the cluster manager, configured from
 * {@link ClusterConfig}, and the event bus on the cluster host. Closed by default (docs/security.md):
 *
 * <ul>
 *   <li>The Hazelcast cluster name is derived from the cluster secret (an HMAC), so a process without
 *       the secret is refused at join: Hazelcast admits only members of the same cluster name.
 *       Hazelcast's open-source edition has no member authentication or TLS; the name keeps strangers
 *       out, it does not stop someone who can read the cluster's traffic.
 *   <li>Member port {@code port} (no auto-increment, so a member list names real ports), advertised
 *       as {@code host:port} and bound only to the interface of {@code host} (a name is resolved once,
 *       at start).
 *   <li>Discovery, first that applies: the TCP/IP {@code members} list; Kubernetes DNS
 *       ({@code kubernetesServiceDns}); multicast only when asked for ({@code multicast}).
 *   <li>Event bus: on {@code host} (a random port); with the three TLS files, mutual TLS, so only
 *       holders of a certificate signed by the cluster's CA can connect to it and send to any address.
 * </ul>
 */
final class ClusterSetup {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterSetup.class);

  private ClusterSetup() {}

  /** Builds the clustered Vert.x; completes once it has joined the cluster, and logs the members. */
  static Future<Vertx> build(VertxBuilder builder, VertxOptions options, ClusterConfig cluster, boolean sharedStore) {
    Config hazelcast;
    try {
      cluster.requireSafe();
      hazelcast = hazelcastConfig(cluster);
      eventBusOn(options, cluster);
    } catch (ConfigException e) {
      return Future.failedFuture(e);
    }
    if (!sharedStore) {
      LOG.warn("clustered without Redis: each node keeps its own memory store, so a document lives only on the "
          + "node that owns it and subscribers on other nodes miss its live ops; configure Redis for a real cluster");
    }
    if (!cluster.tls()) {
      LOG.warn("the cluster's event bus runs without TLS: keep the cluster on a private network, or give "
          + "--cluster-tls-cert-file, --cluster-tls-key-file and --cluster-tls-ca-file (docs/security.md)");
    }
    HazelcastClusterManager manager = new HazelcastClusterManager(hazelcast);
    return builder.with(options)
        .withClusterManager(manager)
        .buildClustered()
        .recover(e -> Future.failedFuture(new IllegalStateException("cannot join the cluster: " + e.getMessage(), e)))
        .onSuccess(vertx -> LOG.info("joined the cluster as {} ({}:{}, {}, event bus {}); members: {}",
            manager.getNodeId(), cluster.host(), cluster.port(), discovery(cluster),
            cluster.tls() ? "with mutual TLS" : "without TLS", manager.getNodes()));
  }

  /** The Hazelcast configuration for {@code cluster} (see the class comment). */
  static Config hazelcastConfig(ClusterConfig cluster) {
    Config config = ConfigUtil.loadConfig();
    if (config == null) {
      config = new Config();
    }
    config.setClusterName(clusterName(cluster.secret()));
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.setProperty("hazelcast.phone.home.enabled", "false");

    NetworkConfig network = config.getNetworkConfig();
    network.setPort(cluster.port()).setPortAutoIncrement(false);
    network.setPublicAddress(cluster.host() + ":" + cluster.port());
    network.getInterfaces().setEnabled(true).addInterface(address(cluster.host()));
    config.setProperty("hazelcast.socket.bind.any", "false");

    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(false);
    join.getKubernetesConfig().setEnabled(false);
    if (!cluster.members().isEmpty()) {
      join.getTcpIpConfig().setEnabled(true).setMembers(cluster.members());
    } else if (cluster.kubernetesServiceDns() != null && !cluster.kubernetesServiceDns().isBlank()) {
      join.getKubernetesConfig().setEnabled(true).setProperty("service-dns", cluster.kubernetesServiceDns());
    } else if (cluster.multicast()) {
      join.getMulticastConfig().setEnabled(true);
    }
    return config;
  }

  /**
   * The Hazelcast cluster name for {@code secret}: "lockstep-" and an HMAC of a fixed label, so the
   * name proves knowledge of the secret without revealing it.
   */
  static String clusterName(String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] digest = mac.doFinal("lockstep cluster name v1".getBytes(StandardCharsets.UTF_8));
      return "lockstep-" + HexFormat.of().formatHex(digest, 0, 16);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  /** Sets {@code options}' event bus on the cluster host (a random port), with mutual TLS when configured. */
  static VertxOptions eventBusOn(VertxOptions options, ClusterConfig cluster) {
    EventBusOptions bus = options.getEventBusOptions().setPort(0)
        .setHost(address(cluster.host())).setClusterPublicHost(cluster.host());
    if (cluster.tls()) {
      bus.setSsl(true)
          .setKeyCertOptions(new PemKeyCertOptions().setCertPath(cluster.tlsCertFile()).setKeyPath(cluster.tlsKeyFile()))
          .setTrustOptions(new PemTrustOptions().addCertPath(cluster.tlsCaFile()))
          .setClientAuth(ClientAuth.REQUIRED);
    }
    return options;
  }

  /** The IP address of {@code host}, resolved once at start (blocking is fine before any event loop runs). */
  private static String address(String host) {
    try {
      return InetAddress.getByName(host).getHostAddress();
    } catch (UnknownHostException e) {
      throw new ConfigException("--cluster-host " + host + " does not resolve to an address of this machine");
    }
  }

  private static String discovery(ClusterConfig cluster) {
    if (!cluster.members().isEmpty()) {
      return "TCP/IP join with " + cluster.members();
    }
    if (cluster.kubernetesServiceDns() != null && !cluster.kubernetesServiceDns().isBlank()) {
      return "Kubernetes DNS discovery via " + cluster.kubernetesServiceDns();
    }
    return "multicast discovery";
  }
}
