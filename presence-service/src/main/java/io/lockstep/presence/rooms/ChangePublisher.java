package io.lockstep.presence.rooms;

import io.lockstep.common.bus.Addresses;
import io.lockstep.common.engine.presence.Member;
import io.vertx.core.eventbus.EventBus;
import java.util.List;

/**
 * Publishes {@code lockstep.presence.changed}: once per change, by the node that made it (a join, a
 * batch of meta updates, an explicit leave or close) or announced it (the expiry sweep whose atomic
 * remove got the members). The body is the {@code presence} frame clients receive, with its {@code room}.
 */
public final class ChangePublisher {
  private final EventBus bus;

  public ChangePublisher(EventBus bus) {
    this.bus = bus;
  }

  public void joined(String room, Member member) {
    publish(room, List.of(member), List.of(), List.of());
  }

  public void updated(String room, List<Member> members) {
    publish(room, List.of(), List.of(), members);
  }

  public void left(String room, List<Member> members) {
    publish(room, List.of(), members, List.of());
  }

  private void publish(String room, List<Member> join, List<Member> leave, List<Member> update) {
    if (join.isEmpty() && leave.isEmpty() && update.isEmpty()) {
      return;
    }
    Diff diff = new Diff();
    diff.join().addAll(join);
    diff.leave().addAll(leave);
    diff.update().addAll(update);
    bus.publish(Addresses.PRESENCE_CHANGED, diff.toFrame(room));
  }
}
