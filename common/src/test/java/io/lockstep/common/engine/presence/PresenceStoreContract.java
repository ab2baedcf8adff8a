package io.lockstep.common.engine.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.lockstep.common.engine.broker.Broker;
import io.lockstep.common.testing.VertxContexts;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The behaviour every {@link PresenceStore} must have (see its Javadoc), run once per implementation
 * by a subclass that only says how to build the store and its broker. Every test uses fresh room ids.
 * Expiry is real time on the store's clock, so those tests use TTLs of a few hundred milliseconds and
 * poll until the deadline they assert. Races are real: callers on several event loops.
 */
@ExtendWith(VertxExtension.class)
public abstract class PresenceStoreContract {
  /** Long enough that nothing expires during a test that does not wait for it. */
  protected static final long LONG_TTL = 60_000;
  private static final long SHORT_TTL = 300;

  protected Vertx vertx;
  protected Broker broker;
  protected PresenceStore store;
  protected String room;
  private final List<Supplier<Future<Void>>> toDispose = new ArrayList<>();

  /** A fresh broker on {@code vertx}. */
  protected abstract Broker newBroker(Vertx vertx);

  /** A fresh store publishing on {@code broker}. */
  protected abstract PresenceStore newStore(Vertx vertx, Broker broker);

  /** Releases what {@link #newStore} acquired; nothing by default. */
  protected Future<Void> dispose(PresenceStore store) {
    return Future.succeededFuture();
  }

  /** Releases what {@link #newBroker} acquired; nothing by default. */
  protected Future<Void> dispose(Broker broker) {
    return Future.succeededFuture();
  }

  @BeforeEach
  void createStore(Vertx vertx) {
    this.vertx = vertx;
    broker = newBroker(vertx);
    Broker builtBroker = broker;
    toDispose.add(() -> dispose(builtBroker));
    store = anotherStore();
    room = "room:" + UUID.randomUUID();
  }

  @AfterEach
  void disposeAll() {
    for (int i = toDispose.size() - 1; i >= 0; i--) {
      await(toDispose.get(i).get());
    }
  }

  /** A second store on the same data, as another node would have. */
  protected PresenceStore anotherStore() {
    PresenceStore built = newStore(vertx, broker);
    toDispose.add(() -> dispose(built));
    return built;
  }

  // ---- joining and listing ----

  @Test
  void joinListsEveryLiveMemberIncludingTheNewOne() {
    Member ada = member("c1", "ada", 3);
    Member bob = member("c2", "bob", 7);
    await(store.join(room, ada, LONG_TTL, 10));
    RoomSnapshot after = joined(store.join(room, bob, LONG_TTL, 10));

    assertThat(after.members()).extracting(StoredMember::member).containsExactlyInAnyOrder(ada, bob);
    assertThat(after.version()).isEqualTo(2);
    assertThat(await(store.members(room))).isEqualTo(after);
  }

  @Test
  void everyChangeIsPublishedWithTheNextVersionInOrder() {
    BlockingQueue<PresenceChange> changes = subscribe(room);
    Member ada = member("c1", "ada", 1);
    Member bob = member("c2", "bob", 1);
    await(store.join(room, ada, LONG_TTL, 10));
    await(store.join(room, bob, LONG_TTL, 10));
    await(store.update(room, List.of(ada.withMeta(meta(2)), bob.withMeta(meta(5))), LONG_TTL));
    await(store.remove(room, "c1"));

    PresenceChange join1 = next(changes);
    PresenceChange join2 = next(changes);
    PresenceChange update = next(changes);
    PresenceChange leave = next(changes);
    assertThat(List.of(join1.version(), join2.version(), update.version(), leave.version())).containsExactly(1L, 2L, 3L, 4L);
    assertThat(List.of(join1.epoch(), join2.epoch(), update.epoch(), leave.epoch())).containsOnly(join1.epoch());
    assertThat(join1.join()).containsExactly(ada);
    assertThat(join2.join()).containsExactly(bob);
    assertThat(update.update()).containsExactlyInAnyOrder(ada.withMeta(meta(2)), bob.withMeta(meta(5)));
    assertThat(leave.leave()).extracting(Member::conn, Member::user).containsExactly(tuple("c1", "ada"));
    assertThat(join1.room()).isEqualTo(room);
  }

  @Test
  void joiningAgainReplacesTheMembersData() {
    await(store.join(room, member("c1", "ada", 1), LONG_TTL, 10));
    RoomSnapshot after = joined(store.join(room, member("c1", "ada", 9), LONG_TTL, 10));

    assertThat(after.members()).hasSize(1);
    assertThat(after.members().get(0).member().meta()).isEqualTo(meta(9));
    assertThat(after.members().get(0).version()).isEqualTo(2);
  }

  @Test
  void aFullRoomRefusesNewMembersButLetsThoseInJoinAgain() {
    await(store.join(room, member("c1", "ada", 1), LONG_TTL, 2));
    await(store.join(room, member("c2", "bob", 1), LONG_TTL, 2));

    assertThat(await(store.join(room, member("c3", "cy", 1), LONG_TTL, 2))).isEqualTo(new JoinResult.Full(2));
    assertThat(await(store.join(room, member("c2", "bob", 4), LONG_TTL, 2))).isInstanceOf(JoinResult.Joined.class);
    assertThat(await(store.members(room)).members()).hasSize(2);
  }

  @Test
  void roomsAreIndependent() {
    String other = room + "-other";
    await(store.join(room, member("c1", "ada", 1), LONG_TTL, 10));
    await(store.join(other, member("c2", "bob", 1), LONG_TTL, 10));

    assertThat(await(store.members(room)).members()).extracting(m -> m.member().conn()).containsExactly("c1");
    assertThat(await(store.members(other)).members()).extracting(m -> m.member().conn()).containsExactly("c2");
    assertThat(await(store.members(other)).version()).isEqualTo(1);
  }

  @Test
  void anEmptyRoomHasNoMembersAndVersionZero() {
    assertThat(await(store.members(room))).isEqualTo(RoomSnapshot.EMPTY);
  }

  // ---- updates and touches ----

  @Test
  void updateReplacesMetaOfMembersStillThereAndReportsTheOthers() {
    Member ada = member("c1", "ada", 1);
    await(store.join(room, ada, LONG_TTL, 10));
    Refreshed refreshed = await(store.update(room, List.of(ada.withMeta(meta(8)), member("gone", "x", 1)), LONG_TTL));

    assertThat(refreshed.missing()).containsExactly("gone");
    assertThat(refreshed.version()).isEqualTo(2);
    List<StoredMember> listed = await(store.members(room)).members();
    assertThat(listed).containsExactly(new StoredMember(ada.withMeta(meta(8)), 2));
  }

  @Test
  void updateOfNobodyStillThereChangesNothingAndPublishesNothing() {
    BlockingQueue<PresenceChange> changes = subscribe(room);
    await(store.join(room, member("c1", "ada", 1), LONG_TTL, 10));
    Refreshed refreshed = await(store.update(room, List.of(member("gone", "x", 1)), LONG_TTL));
    await(store.join(room, member("c2", "bob", 1), LONG_TTL, 10));

    assertThat(refreshed.version()).isEqualTo(1);
    assertThat(next(changes).version()).isEqualTo(1);
    assertThat(next(changes).version()).as("the next change after the empty update").isEqualTo(2);
  }

  @Test
  void touchKeepsAMemberPastItsFirstTtl() {
    await(store.join(room, member("c1", "ada", 1), SHORT_TTL, 10));
    Refreshed touched = await(store.touch(room, Map.of("c1", 5_000L, "gone", 5_000L)));
    assertThat(touched.missing()).containsExactly("gone");
    assertThat(touched.version()).as("a touch changes nothing visible").isEqualTo(1);

    sleep(SHORT_TTL + 200);
    assertThat(await(store.expire(room))).isEmpty();
    assertThat(await(store.members(room)).members()).hasSize(1);
  }

  @Test
  void touchTellsWhenTheRoomsFirstMemberExpires() {
    assertThat(await(store.touch(room, Map.of("c1", 5_000L))).msToFirstExpiry()).as("an empty room")
        .isEqualTo(Refreshed.NO_MEMBERS);
    await(store.join(room, member("c1", "ada", 1), LONG_TTL, 10));
    await(store.join(room, member("c2", "bob", 1), SHORT_TTL, 10));

    Refreshed soon = await(store.touch(room, Map.of("c1", LONG_TTL)));
    assertThat(soon.msToFirstExpiry()).as("bob's short TTL").isBetween(1L, SHORT_TTL);
    assertThat(soon.expiryDue()).isFalse();

    sleep(SHORT_TTL + 100);
    Refreshed due = await(store.touch(room, Map.of("c1", LONG_TTL)));
    assertThat(due.expiryDue()).as("bob expired and is still stored").isTrue();
    assertThat(await(store.expire(room))).extracting(Member::conn).containsExactly("c2");
    assertThat(await(store.touch(room, Map.of("c1", LONG_TTL))).msToFirstExpiry())
        .as("only ada's long TTL is left").isGreaterThan(LONG_TTL - 5_000);
  }

  @Test
  void refreshesNeverBringBackAMemberThatWasRemoved() {
    Member ada = member("c1", "ada", 1);
    await(store.join(room, ada, LONG_TTL, 10));
    await(store.join(room, member("c2", "bob", 1), LONG_TTL, 10));
    await(store.remove(room, "c1"));

    assertThat(await(store.touch(room, Map.of("c1", LONG_TTL))).missing()).containsExactly("c1");
    assertThat(await(store.update(room, List.of(ada.withMeta(meta(3))), LONG_TTL)).missing()).containsExactly("c1");
    assertThat(await(store.members(room)).members()).extracting(m -> m.member().conn()).containsExactly("c2");
  }

  // ---- removal and expiry: exactly once ----

  @Test
  void removeGivesTheMemberBackOnceAndPublishesItsLeave() {
    BlockingQueue<PresenceChange> changes = subscribe(room);
    Member ada = member("c1", "ada", 1);
    await(store.join(room, ada, LONG_TTL, 10));

    assertThat(await(store.remove(room, "c1"))).contains(ada);
    assertThat(await(store.remove(room, "c1"))).isEmpty();
    assertThat(next(changes).join()).containsExactly(ada);
    assertThat(next(changes).leave()).extracting(Member::conn).containsExactly("c1");
    assertThat(await(store.members(room)).members()).isEmpty();
  }

  @Test
  void concurrentRemovesOfOneMemberSucceedExactlyOnce() {
    int callers = 8;
    List<Context> loops = await(VertxContexts.eventLoops(vertx, callers));
    List<PresenceStore> stores = new ArrayList<>();
    for (int i = 0; i < callers; i++) {
      stores.add(i % 2 == 0 ? store : anotherStore());
    }
    for (int round = 0; round < 20; round++) {
      String conn = "c" + round;
      await(store.join(room, member(conn, "ada", round), LONG_TTL, 100));
      List<Future<Optional<Member>>> removals = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        PresenceStore s = stores.get(i);
        removals.add(VertxContexts.on(loops.get(i), () -> s.remove(room, conn)));
      }
      long winners = removals.stream().map(PresenceStoreContract::await).filter(Optional::isPresent).count();
      assertThat(winners).as("removals of %s that got the member back", conn).isEqualTo(1);
    }
  }

  @Test
  void aMemberExpiresAfterItsTtlAndIsExpiredExactlyOnce() {
    BlockingQueue<PresenceChange> changes = subscribe(room);
    Member ada = member("c1", "ada", 1);
    await(store.join(room, ada, SHORT_TTL, 10));
    await(store.join(room, member("c2", "bob", 1), LONG_TTL, 10));
    assertThat(await(store.expire(room))).as("nothing expired yet").isEmpty();

    awaitCondition(() -> await(store.members(room)).members().size() == 1, "ada is no longer listed");
    assertThat(await(store.expire(room))).containsExactly(ada);
    assertThat(await(store.expire(room))).isEmpty();
    assertThat(await(store.remove(room, "c1"))).as("an expired member cannot be removed again").isEmpty();
    next(changes);
    next(changes);
    PresenceChange leave = next(changes);
    assertThat(leave.leave()).extracting(Member::conn).containsExactly("c1");
    assertThat(leave.version()).isEqualTo(3);
  }

  @Test
  void concurrentSweepsHandEachExpiredMemberToExactlyOneOfThem() {
    int members = 30;
    int sweepers = 6;
    for (int i = 0; i < members; i++) {
      await(store.join(room, member("c" + i, "u" + i, i), SHORT_TTL, 100));
    }
    awaitCondition(() -> await(store.members(room)).members().isEmpty(), "every member expired");
    List<Context> loops = await(VertxContexts.eventLoops(vertx, sweepers));
    List<Future<List<Member>>> sweeps = new ArrayList<>();
    for (int i = 0; i < sweepers; i++) {
      PresenceStore s = i % 2 == 0 ? store : anotherStore();
      sweeps.add(VertxContexts.on(loops.get(i), () -> s.expire(room)));
    }
    List<String> expired = new ArrayList<>();
    sweeps.forEach(f -> await(f).forEach(m -> expired.add(m.conn())));

    assertThat(expired).hasSize(members).doesNotHaveDuplicates();
  }

  @Test
  void removeAndExpireRacingForOneMemberHandItToOneOfThem() {
    List<Context> loops = await(VertxContexts.eventLoops(vertx, 2));
    PresenceStore other = anotherStore();
    for (int round = 0; round < 10; round++) {
      String conn = "r" + round;
      await(store.join(room, member(conn, "ada", round), 100, 100));
      awaitCondition(() -> await(store.members(room)).members().isEmpty(), conn + " expired");
      Future<Optional<Member>> removal = VertxContexts.on(loops.get(0), () -> store.remove(room, conn));
      Future<List<Member>> sweep = VertxContexts.on(loops.get(1), () -> other.expire(room));
      int handedOut = (await(removal).isPresent() ? 1 : 0) + await(sweep).size();
      assertThat(handedOut).as("times %s was handed out", conn).isEqualTo(1);
    }
  }

  @Test
  void aRoomThatEmptiedStartsANewEpochWhenSomeoneJoins() {
    RoomSnapshot first = joined(store.join(room, member("c1", "ada", 1), LONG_TTL, 10));
    await(store.remove(room, "c1"));
    assertThat(await(store.members(room))).isEqualTo(RoomSnapshot.EMPTY);

    RoomSnapshot second = joined(store.join(room, member("c2", "bob", 1), LONG_TTL, 10));
    assertThat(second.epoch()).isGreaterThan(first.epoch());
    assertThat(second.version()).isEqualTo(1);
  }

  @Test
  void abandonedRoomsAreThoseWhoseMembersAllExpired() {
    String alive = room + "-alive";
    await(store.join(room, member("c1", "ada", 1), SHORT_TTL, 10));
    await(store.join(alive, member("c2", "bob", 1), SHORT_TTL, 10));
    await(store.join(alive, member("c3", "cy", 1), LONG_TTL, 10));

    awaitCondition(() -> await(store.abandonedRooms(1000)).contains(room), "the room shows as abandoned");
    assertThat(await(store.abandonedRooms(1000))).doesNotContain(alive);
    assertThat(await(store.expire(room))).extracting(Member::conn).containsExactly("c1");
    assertThat(await(store.abandonedRooms(1000))).as("an expired room is forgotten").doesNotContain(room);
  }

  // ---- helpers ----

  protected static Member member(String conn, String user, int cursor) {
    return new Member(conn, user, meta(cursor), 1_700_000_000_000L + cursor);
  }

  protected static JsonObject meta(int cursor) {
    return new JsonObject().put("cursor", cursor).put("name", "n" + cursor);
  }

  protected static RoomSnapshot joined(Future<JoinResult> join) {
    JoinResult result = await(join);
    assertThat(result).isInstanceOf(JoinResult.Joined.class);
    return ((JoinResult.Joined) result).room();
  }

  /** Every change published on the room's topic from now on. */
  protected BlockingQueue<PresenceChange> subscribe(String room) {
    BlockingQueue<PresenceChange> changes = new LinkedBlockingQueue<>();
    await(broker.subscribe(PresenceTopics.forRoom(room), payload -> changes.add(PresenceChange.decode(payload))));
    return changes;
  }

  protected static PresenceChange next(BlockingQueue<PresenceChange> changes) {
    try {
      PresenceChange change = changes.poll(10, TimeUnit.SECONDS);
      assertThat(change).as("a published change within 10 s").isNotNull();
      return change;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  protected static void awaitCondition(BooleanSupplier condition, String what) {
    long deadline = System.currentTimeMillis() + 10_000;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("not within 10 s: " + what);
      }
      sleep(25);
    }
  }

  protected static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  protected static <T> T await(Future<T> future) {
    try {
      return future.await(20, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no answer within 20 s", e);
    }
  }
}
