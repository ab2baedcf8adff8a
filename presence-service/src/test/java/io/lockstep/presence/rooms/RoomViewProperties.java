package io.lockstep.presence.rooms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.lockstep.common.engine.presence.Member;
import io.lockstep.common.engine.presence.PresenceChange;
import io.lockstep.common.engine.presence.RoomSnapshot;
import io.lockstep.common.engine.presence.StoredMember;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Whatever the broker loses and however late listings arrive, a {@link RoomView} tells its clients a
 * consistent story and ends where the store is. A random script drives a model room (joins, meta
 * updates, leaves, the room emptying and being reborn with a new epoch); each change reaches the view
 * or is lost; listings are taken at random moments and applied some steps later. Properties:
 *
 * <ul>
 *   <li>per member, what the view tells alternates join, leave, join… (never two leaves or two joins
 *       in a row: each leave told once);
 *   <li>after a final listing, the view's members equal the store's, meta included;
 *   <li>with nothing lost and no listing but the first, the view tells exactly the changes made.
 * </ul>
 */
class RoomViewProperties {

  /** One step of the script: an action on conn {@code conn % 5} and what happens to its change. */
  private record Step(int action, int conn, boolean lost, int listingDelay) {}

  @Test
  void theViewTellsEachJoinAndLeaveOnceAndEndsWhereTheStoreIs() {
    qt().withExamples(2_000).forAll(lists().of(integers().between(0, 99_999)).ofSizeBetween(1, 120))
        .checkAssert(script -> run(script, true));
  }

  @Test
  void withNothingLostTheViewTellsExactlyTheChangesMade() {
    qt().withExamples(500).forAll(lists().of(integers().between(0, 99_999)).ofSizeBetween(1, 120))
        .checkAssert(script -> run(script, false));
  }

  private static void run(List<Integer> script, boolean lossy) {
    ModelRoom store = new ModelRoom();
    RoomView view = new RoomView();
    Map<String, List<String>> told = new HashMap<>();
    List<Map.Entry<Integer, RoomSnapshot>> pendingListings = new ArrayList<>();
    record(told, view.applySnapshot(store.snapshot()));
    List<String> madeJoinsAndLeaves = new ArrayList<>();
    int step = 0;
    for (int raw : script) {
      Step s = new Step(raw % 3, (raw / 3) % 5, lossy && (raw / 15) % 4 == 0, lossy ? (raw / 60) % 6 : -1);
      PresenceChange change = store.act(s.action, "c" + s.conn, step);
      if (change != null) {
        change.join().forEach(m -> madeJoinsAndLeaves.add("join " + m.conn()));
        change.leave().forEach(m -> madeJoinsAndLeaves.add("leave " + m.conn()));
        if (!s.lost) {
          record(told, view.apply(change));
        }
      }
      if (s.listingDelay >= 0 && s.listingDelay < 3) {
        pendingListings.add(Map.entry(step + s.listingDelay, store.snapshot()));
      }
      for (var it = pendingListings.iterator(); it.hasNext(); ) {
        var listing = it.next();
        if (listing.getKey() <= step) {
          record(told, view.applySnapshot(listing.getValue()));
          it.remove();
        }
      }
      step++;
    }
    for (var listing : pendingListings) {
      record(told, view.applySnapshot(listing.getValue()));
    }
    record(told, view.applySnapshot(store.snapshot()));

    told.forEach((conn, events) -> {
      for (int i = 0; i < events.size(); i++) {
        String expected = i % 2 == 0 ? "join" : "leave";
        assertThat(events.get(i)).as("event %d told about %s: %s", i, conn, events).isEqualTo(expected);
      }
    });
    assertThat(new HashSet<>(view.members())).isEqualTo(new HashSet<>(store.members()));
    if (!lossy) {
      List<String> toldJoinsAndLeaves = new ArrayList<>();
      told.forEach((conn, events) -> events.forEach(e -> toldJoinsAndLeaves.add(e + " " + conn)));
      assertThat(toldJoinsAndLeaves).containsExactlyInAnyOrderElementsOf(madeJoinsAndLeaves);
    }
  }

  private static void record(Map<String, List<String>> told, Diff diff) {
    // Within one diff a member is joined before it can be left (a replay after the first listing).
    diff.join().forEach(m -> told.computeIfAbsent(m.conn(), c -> new ArrayList<>()).add("join"));
    diff.leave().forEach(m -> told.computeIfAbsent(m.conn(), c -> new ArrayList<>()).add("leave"));
  }

  /** The store's semantics for one room, without expiry: versions per change, a new epoch after emptying. */
  private static final class ModelRoom {
    private final Map<String, StoredMember> members = new HashMap<>();
    private final Set<String> everJoined = new HashSet<>();
    private long epoch = 1;
    private long version;

    /** 0 join, 1 meta update, 2 leave; null when the action changes nothing. */
    PresenceChange act(int action, String conn, int step) {
      boolean present = members.containsKey(conn);
      Member member = new Member(conn, "u-" + conn, new JsonObject().put("step", step), 1_000);
      if (action == 0 && !present) {
        if (members.isEmpty() && version > 0) {
          epoch++;
          version = 0;
        }
        everJoined.add(conn);
        members.put(conn, new StoredMember(member, ++version));
        return new PresenceChange("r", epoch, version, List.of(member), List.of(), List.of());
      }
      if (action == 1 && present) {
        members.put(conn, new StoredMember(member, ++version));
        return new PresenceChange("r", epoch, version, List.of(), List.of(), List.of(member));
      }
      if (action == 2 && present) {
        Member gone = members.remove(conn).member();
        return new PresenceChange("r", epoch, ++version, List.of(), List.of(gone), List.of());
      }
      return null;
    }

    RoomSnapshot snapshot() {
      return members.isEmpty() ? new RoomSnapshot(version == 0 ? 0 : epoch, version, List.of())
          : new RoomSnapshot(epoch, version, List.copyOf(members.values()));
    }

    List<Member> members() {
      return members.values().stream().map(StoredMember::member).toList();
    }
  }
}
