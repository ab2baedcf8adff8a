package io.lockstep.sync.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The hash ring, and how {@link Ownership} follows a member list: a member is handed documents only
 * once it answers, and loses them when it leaves or stops answering. The member list and the probe
 * are plain values here; the clustered tests run the same code over Hazelcast.
 */
class OwnershipTest {
  private static final List<String> KEYS = keys(10_000);

  private Vertx vertx;
  private final AtomicReference<List<String>> clusterNodes = new AtomicReference<>(List.of("self"));
  private final Set<String> answering = ConcurrentHashMap.newKeySet();

  @BeforeEach
  void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void closeVertx() {
    vertx.close().await();
  }

  @Test
  void everyKeyIsOwnedByOneOfTheMembers() {
    HashRing ring = HashRing.of(List.of("a", "b", "c"));
    for (String key : KEYS) {
      assertThat(ring.ownerOf(key)).isIn("a", "b", "c");
    }
  }

  @Test
  void ownersDependOnlyOnTheMembersNotOnTheirOrder() {
    HashRing one = HashRing.of(List.of("a", "b", "c"));
    HashRing other = HashRing.of(List.of("c", "a", "b", "a"));
    for (String key : KEYS) {
      assertThat(other.ownerOf(key)).isEqualTo(one.ownerOf(key));
    }
  }

  @Test
  void membersGetNearEqualShares() {
    Map<String, Integer> shares = shares(HashRing.of(List.of("node-a", "node-b", "node-c")));
    for (int share : shares.values()) {
      assertThat(share).isBetween(KEYS.size() / 4, KEYS.size() * 5 / 12);
    }
  }

  @Test
  void aLeavingMemberMovesOnlyItsOwnKeys() {
    HashRing before = HashRing.of(List.of("a", "b", "c"));
    HashRing after = HashRing.of(List.of("a", "b"));
    for (String key : KEYS) {
      if (!before.ownerOf(key).equals("c")) {
        assertThat(after.ownerOf(key)).isEqualTo(before.ownerOf(key));
      }
    }
  }

  @Test
  void aJoiningMemberTakesKeysOnlyForItself() {
    HashRing before = HashRing.of(List.of("a", "b"));
    HashRing after = HashRing.of(List.of("a", "b", "c"));
    int moved = 0;
    for (String key : KEYS) {
      if (!after.ownerOf(key).equals(before.ownerOf(key))) {
        assertThat(after.ownerOf(key)).isEqualTo("c");
        moved++;
      }
    }
    assertThat(moved).isBetween(KEYS.size() / 5, KEYS.size() / 2);
  }

  @Test
  void anEmptyRingOwnsNothing() {
    assertThat(HashRing.of(List.of()).ownerOf("doc")).isNull();
  }

  @Test
  void aMemberIsHandedDocumentsOnlyOnceItAnswers() {
    AtomicInteger changes = new AtomicInteger();
    clusterNodes.set(List.of("self", "b"));
    Ownership ownership = start();
    ownership.onChange(changes::incrementAndGet);
    await(() -> probed.getOrDefault("b", 0) >= 2);
    assertThat(ownership.members()).containsExactly("self");
    assertThat(KEYS.stream().allMatch(ownership::isLocal)).isTrue();

    answering.add("b");
    await(() -> ownership.members().size() == 2);
    assertThat(ownership.members()).containsExactly("b", "self");
    assertThat(KEYS.stream().filter(ownership::isLocal).count()).isBetween(KEYS.size() / 4L, KEYS.size() * 3 / 4L);
    await(() -> changes.get() == 1);
  }

  @Test
  void aMemberThatLeavesTheClusterLeavesTheRing() {
    answering.add("b");
    answering.add("c");
    clusterNodes.set(List.of("self", "b", "c"));
    Ownership ownership = start();
    await(() -> ownership.members().size() == 3);

    clusterNodes.set(List.of("self", "b"));
    await(() -> ownership.members().size() == 2);
    assertThat(ownership.members()).containsExactly("b", "self");
  }

  @Test
  void anUnreachableMemberLosesItsDocumentsAtOnceAndGetsThemBackWhenItAnswers() {
    answering.add("b");
    clusterNodes.set(List.of("self", "b"));
    Ownership ownership = start();
    await(() -> ownership.members().size() == 2);
    String ownedByB = KEYS.stream().filter(k -> ownership.ownerOf(k).equals("b")).findFirst().orElseThrow();

    answering.remove("b");
    ownership.unreachable("b");
    await(() -> ownership.isLocal(ownedByB));

    answering.add("b");
    await(() -> ownership.ownerOf(ownedByB).equals("b"));
  }

  // ---------------------------------------------------------------------------------------------

  private final Map<String, Integer> probed = new ConcurrentHashMap<>();

  private Ownership start() {
    return Ownership.start(vertx, "self", clusterNodes::get, member -> {
      probed.merge(member, 1, Integer::sum);
      return answering.contains(member) ? Future.succeededFuture() : Future.failedFuture("no handlers");
    }, new ClusterMetrics(new SimpleMeterRegistry()));
  }

  private static void await(BooleanSupplier condition) {
    long deadline = System.currentTimeMillis() + 5_000;
    while (!condition.getAsBoolean()) {
      assertThat(System.currentTimeMillis()).as("condition met in time").isLessThan(deadline);
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private static Map<String, Integer> shares(HashRing ring) {
    Map<String, Integer> shares = new HashMap<>();
    for (String key : KEYS) {
      shares.merge(ring.ownerOf(key), 1, Integer::sum);
    }
    return shares;
  }

  private static List<String> keys(int count) {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      keys.add("notes/" + i);
    }
    return keys;
  }
}
