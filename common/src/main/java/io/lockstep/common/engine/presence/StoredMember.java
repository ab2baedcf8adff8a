package io.lockstep.common.engine.presence;

import java.util.Objects;

/**
 * A member as a store lists it, with the room version of its last change (its join or its latest
 * meta update). Nodes use the version to merge a listing with the changes they received from the
 * broker in whatever order the two arrive: the newer version wins.
 */
public record StoredMember(Member member, long version) {
  public StoredMember {
    Objects.requireNonNull(member, "member");
  }
}
