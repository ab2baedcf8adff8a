package io.lockstep.sync.testing;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import io.lockstep.common.config.LockstepConfig;
import io.lockstep.common.engine.Engines;
import io.lockstep.common.testing.FreePorts;
import io.lockstep.edge.testing.ServiceHost;
import io.lockstep.sync.SyncVerticle;
import io.lockstep.sync.cluster.Ownership;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * Several real Lockstep sync-service nodes in one JVM, each on its own clustered Vert.x instance:
 * Hazelcast over loopback with TCP/IP join on free ports (multicast off, a cluster name of its own),
 * the event bus on 127.0.0.1, and each node's {@code /sync} and {@code /docs} on a loopback port.
 *
 * <p>The nodes share their engines as replicas share Redis ({@link SharedMemoryEngines}: one
 * memory store, a broker that reaches every node), so what the cluster adds — one sequencer per
 * document, forwarding, hand-over — is tested on its own. Hazelcast takes seconds to start: start
 * the nodes once per test class.
 */
public final class ClusteredTestNodes implements AutoCloseable {
  /** Longest wait for the nodes to agree on their members. */
  private static final Duration SETTLE = Duration.ofSeconds(30);

  /** One running node. */
  public record Node(int index, Vertx vertx, ServiceHost<SyncVerticle> host, String nodeId) {
    /** This node's view of document ownership. */
    public Ownership ownership() {
      return host.service().bus().routing().ownership();
    }

    public int port() {
      return host.port();
    }

    /** The current count of a counter of this node's meters (0 when it was never registered). */
    public double count(String name) {
      return host.meter(name);
    }
  }

  private final SharedMemoryEngines engines;
  private final List<Node> nodes;
  private final List<Boolean> closed = new ArrayList<>();

  private ClusteredTestNodes(SharedMemoryEngines engines, List<Node> nodes) {
    this.engines = engines;
    this.nodes = nodes;
    nodes.forEach(n -> closed.add(false));
  }

  /** Starts {@code count} nodes and waits until each sees all of them as sequencing members. */
  public static ClusteredTestNodes start(int count) {
    String clusterName = "lockstep-test-" + UUID.randomUUID();
    List<Integer> hazelcastPorts = IntStream.range(0, count).mapToObj(i -> FreePorts.loopback()).toList();
    List<String> members = hazelcastPorts.stream().map(p -> "127.0.0.1:" + p).toList();
    // The first member starts alone and becomes the master; the others then join it together.
    List<Vertx> vertxes = new ArrayList<>();
    List<HazelcastClusterManager> managers = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      managers.add(new HazelcastClusterManager(hazelcastConfig(clusterName, hazelcastPorts.get(i), members)));
    }
    vertxes.add(clustered(managers.get(0)).await());
    List<Future<Vertx>> joining = new ArrayList<>();
    for (int i = 1; i < count; i++) {
      joining.add(clustered(managers.get(i)));
    }
    Future.all(joining).await();
    joining.forEach(f -> vertxes.add(f.result()));

    LockstepConfig base = LockstepConfig.defaults();
    SharedMemoryEngines engines = new SharedMemoryEngines(vertxes.get(0), base.limits());
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      nodes.add(startNode(i, vertxes.get(i), managers.get(i).getNodeId(), base.withNodeId("node-" + i), engines));
    }
    ClusteredTestNodes cluster = new ClusteredTestNodes(engines, nodes);
    cluster.awaitMembers(count);
    return cluster;
  }

  private static Future<Vertx> clustered(HazelcastClusterManager manager) {
    VertxOptions options = new VertxOptions()
        .setMaxEventLoopExecuteTime(500).setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
        .setEventBusOptions(new EventBusOptions().setHost("127.0.0.1").setPort(0).setClusterPublicHost("127.0.0.1"));
    return Vertx.builder().with(options).withClusterManager(manager).buildClustered();
  }

  private static Config hazelcastConfig(String clusterName, int port, List<String> members) {
    Config config = ConfigUtil.loadConfig();
    config.setClusterName(clusterName);
    config.setProperty("hazelcast.logging.type", "none");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.partition.count", "23");
    config.setProperty("hazelcast.socket.bind.any", "false");
    config.setProperty("hazelcast.graceful.shutdown.max.wait", "10");
    config.getNetworkConfig().setPort(port).setPortAutoIncrement(false).setPublicAddress("127.0.0.1:" + port);
    config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    JoinConfig join = config.getNetworkConfig().getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(members);
    return config;
  }

  private static Node startNode(int index, Vertx vertx, String nodeId, LockstepConfig config, SharedMemoryEngines engines) {
    ServiceHost<SyncVerticle> host = ServiceHost.start(vertx, config,
        Engines.given(engines.brokerFor(vertx), engines.store(), null, null), SyncVerticle::new);
    return new Node(index, vertx, host, nodeId);
  }

  /** Waits until every live node sees {@code count} sequencing members. */
  public void awaitMembers(int count) {
    long deadline = System.nanoTime() + SETTLE.toNanos();
    while (live().stream().anyMatch(n -> n.ownership().members().size() != count)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("nodes did not settle on " + count + " members: "
            + live().stream().map(n -> n.ownership().members()).toList());
      }
      sleep(50);
    }
  }

  public Node node(int index) {
    return nodes.get(index);
  }

  /** The nodes not closed. */
  public List<Node> live() {
    return nodes.stream().filter(n -> !closed.get(n.index())).toList();
  }

  /** The live node that owns {@code doc}, as every live node agrees (fails if they do not). */
  public Node ownerOf(String doc) {
    List<String> views = live().stream().map(n -> n.ownership().ownerOf(doc)).distinct().toList();
    if (views.size() != 1) {
      throw new AssertionError("nodes disagree about the owner of " + doc + ": " + views);
    }
    return live().stream().filter(n -> n.nodeId().equals(views.get(0))).findFirst().orElseThrow();
  }

  /** The shared engines. */
  public SharedMemoryEngines engines() {
    return engines;
  }

  /** Closes one node's Vert.x as a process exit would: its consumers vanish and it leaves the cluster. */
  public void close(int index) {
    if (!closed.get(index)) {
      closed.set(index, true);
      Node node = nodes.get(index);
      engines.forget(node.vertx());
      node.vertx().close().await();
    }
  }

  @Override
  public void close() {
    for (int i = nodes.size() - 1; i >= 0; i--) {
      try {
        close(i);
      } catch (RuntimeException ignored) {
        // closing the rest anyway
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
