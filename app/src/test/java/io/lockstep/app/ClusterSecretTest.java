package io.lockstep.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import io.lockstep.common.bus.Addresses;
import io.lockstep.common.config.ClusterConfig;
import io.lockstep.common.testing.FreePorts;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 13 item 8, the attack as seen: a process that reaches the Hazelcast port joins with the
 * cluster name Lockstep used to fix ({@code lockstep}), or with a wrong secret, and asks
 * {@code lockstep.sync.submit} to commit an op. Neither joins, so neither reaches the consumer; a
 * member with the right secret does. Real Hazelcast members on loopback.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClusterSecretTest {
  private static final String SECRET = "the-cluster-secret-of-at-least-32-bytes";
  private final List<Vertx> started = new ArrayList<>();

  @AfterEach
  void stop() {
    for (Vertx vertx : started) {
      vertx.close().await();
    }
  }

  @Test
  void onlyMembersWithTheSecretJoinAndReachTheEventBus() {
    int victimPort = FreePorts.loopback();
    String victimMember = "127.0.0.1:" + victimPort;
    Vertx victim = member(config(victimPort, SECRET, victimMember));
    victim.eventBus().<JsonObject>consumer(Addresses.SYNC_SUBMIT, m -> m.reply(new JsonObject().put("v", 2)));

    Vertx oldName = start(legacyHazelcast(FreePorts.loopback(), victimMember));
    assertThat(submitFrom(oldName)).as("the former fixed cluster name").isEqualTo("refused");

    int wrongPort = FreePorts.loopback();
    Vertx wrongSecret = member(config(wrongPort, "another-secret-that-is-32-bytes-long!", victimMember + ",127.0.0.1:" + wrongPort));
    assertThat(submitFrom(wrongSecret)).as("a wrong secret").isEqualTo("refused");

    int friendPort = FreePorts.loopback();
    Vertx friend = member(config(friendPort, SECRET, victimMember + ",127.0.0.1:" + friendPort));
    assertThat(submitFrom(friend)).as("the right secret").isEqualTo("committed");
  }

  @Test
  void clusterNamesDependOnTheSecretAndDoNotRevealIt() {
    assertThat(ClusterSetup.clusterName(SECRET)).isEqualTo(ClusterSetup.clusterName(SECRET))
        .isNotEqualTo(ClusterSetup.clusterName(SECRET + "x")).doesNotContain(SECRET).startsWith("lockstep-");
  }

  private static ClusterConfig config(int port, String secret, String members) {
    return new ClusterConfig(true, "127.0.0.1", port, List.of(members.split(",")), null, false, secret, null, null, null);
  }

  /** A member configured as Lockstep configures it, with the join sped up for tests. */
  private Vertx member(ClusterConfig cluster) {
    Config hazelcast = fast(ClusterSetup.hazelcastConfig(cluster));
    VertxOptions options = ClusterSetup.eventBusOn(new VertxOptions(), cluster);
    Vertx vertx = Vertx.builder().with(options).withClusterManager(new HazelcastClusterManager(hazelcast))
        .buildClustered().await();
    started.add(vertx);
    return vertx;
  }

  /** What Lockstep configured before: the fixed cluster name "lockstep". */
  private static Config legacyHazelcast(int port, String member) {
    Config config = fast(ConfigUtil.loadConfig());
    config.setClusterName("lockstep");
    config.getNetworkConfig().setPort(port).setPortAutoIncrement(false).setPublicAddress("127.0.0.1:" + port);
    config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    JoinConfig join = config.getNetworkConfig().getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(List.of(member, "127.0.0.1:" + port));
    return config;
  }

  private Vertx start(Config hazelcast) {
    VertxOptions options = new VertxOptions().setEventBusOptions(
        new EventBusOptions().setHost("127.0.0.1").setPort(0).setClusterPublicHost("127.0.0.1"));
    Vertx vertx = Vertx.builder().with(options).withClusterManager(new HazelcastClusterManager(hazelcast))
        .buildClustered().await();
    started.add(vertx);
    return vertx;
  }

  private static Config fast(Config config) {
    config.setProperty("hazelcast.logging.type", "none");
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.partition.count", "23");
    config.setProperty("hazelcast.socket.bind.any", "false");
    return config;
  }

  /** Asks for a commit over the clustered event bus: "committed", or "refused" when no member serves it. */
  private static String submitFrom(Vertx attacker) {
    // Subscriptions propagate through the cluster asynchronously: ask a few times before concluding.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try {
        attacker.eventBus().request(Addresses.SYNC_SUBMIT, new JsonObject().put("doc", "hr/1").put("v", 1)
            .put("op", List.of()), new DeliveryOptions().setSendTimeout(2_000)).await();
        return "committed";
      } catch (ReplyException e) {
        if (System.nanoTime() > deadline) {
          return "refused";
        }
      }
    }
  }
}
