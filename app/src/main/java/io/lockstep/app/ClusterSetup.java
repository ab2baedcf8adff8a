package io.lockstep.app;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.lockstep.common.config.ClusterConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a clustered Vert.x for {@code --cluster}: Hazelcast as the cluster manager, configured from
 * {@link ClusterConfig}, and the event bus on the cluster host.
 *
 * <p>Hazelcast: Vert.x's own defaults (its {@code default-cluster.xml}, or a {@code cluster.xml} on
 * the class path) with the network set from the configuration — the cluster name {@code lockstep},
 * member port {@code port} (no auto-increment, so a member list names real ports), advertised as
 * {@code host:port}, and bound only to {@code host} when it is an IP address (so a loopback cluster
 * stays on loopback). Discovery, first that applies:
 * <ol>
 *   <li>{@code members} given: TCP/IP join with that list ({@code host:port}, DNS names allowed) —
 *       several processes on one machine, docker compose, any fixed set of hosts;
 *   <li>{@code kubernetesServiceDns} given: Hazelcast's Kubernetes discovery through the headless
 *       service's DNS name (no API access needed);
 *   <li>otherwise multicast, for a LAN.
 * </ol>
 *
 * <p>Event bus: on {@code host} (a random port), advertised as {@code host}; a wildcard host leaves
 * the choice to the cluster manager.
 */
final class ClusterSetup {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterSetup.class);
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  /** Groups only processes configured for Lockstep, whatever else runs Hazelcast on the network. */
  static final String CLUSTER_NAME = "lockstep";

  private ClusterSetup() {}

  /** Builds the clustered Vert.x; completes once it has joined the cluster, and logs the members. */
  static Future<Vertx> build(VertxBuilder builder, VertxOptions options, ClusterConfig cluster, boolean sharedStore) {
    if (!sharedStore) {
      LOG.warn("clustered without Redis: each node keeps its own memory store, so a document lives only on the "
          + "node that owns it and subscribers on other nodes miss its live ops; configure Redis for a real cluster");
    }
    HazelcastClusterManager manager = new HazelcastClusterManager(hazelcastConfig(cluster));
    return builder.with(eventBusOn(options, cluster))
        .withClusterManager(manager)
        .buildClustered()
        .recover(e -> Future.failedFuture(new IllegalStateException("cannot join the cluster: " + e.getMessage(), e)))
        .onSuccess(vertx -> LOG.info("joined the cluster as {} ({}:{}, {}); members: {}", manager.getNodeId(),
            cluster.host(), cluster.port(), discovery(cluster), manager.getNodes()));
  }

  /** The Hazelcast configuration for {@code cluster} (see the class comment). */
  static Config hazelcastConfig(ClusterConfig cluster) {
    Config config = ConfigUtil.loadConfig();
    if (config == null) {
      config = new Config();
    }
    config.setClusterName(CLUSTER_NAME);
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.setProperty("hazelcast.phone.home.enabled", "false");

    NetworkConfig network = config.getNetworkConfig();
    network.setPort(cluster.port()).setPortAutoIncrement(false);
    if (!isWildcard(cluster.host())) {
      network.setPublicAddress(cluster.host() + ":" + cluster.port());
      if (IPV4.matcher(cluster.host()).matches()) {
        network.getInterfaces().setEnabled(true).addInterface(cluster.host());
        config.setProperty("hazelcast.socket.bind.any", "false");
      }
    }

    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(false);
    join.getKubernetesConfig().setEnabled(false);
    if (!cluster.members().isEmpty()) {
      join.getTcpIpConfig().setEnabled(true).setMembers(cluster.members());
    } else if (cluster.kubernetesServiceDns() != null && !cluster.kubernetesServiceDns().isBlank()) {
      join.getKubernetesConfig().setEnabled(true).setProperty("service-dns", cluster.kubernetesServiceDns());
    } else {
      join.getMulticastConfig().setEnabled(true);
    }
    return config;
  }

  /** Sets {@code options}' event bus on the cluster host (a random port); returns {@code options}. */
  static VertxOptions eventBusOn(VertxOptions options, ClusterConfig cluster) {
    EventBusOptions bus = options.getEventBusOptions().setPort(0);
    if (!isWildcard(cluster.host())) {
      bus.setHost(cluster.host()).setClusterPublicHost(cluster.host());
    }
    return options;
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

  private static boolean isWildcard(String host) {
    return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
  }
}
