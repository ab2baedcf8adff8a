package io.lockstep.common.bus;

/**
 * Every event-bus address Lockstep uses, in one place. The public ones carry {@code JsonObject}
 * bodies and are documented for people writing their own consumers in {@code docs/event-bus.md};
 * the internal ones are for Lockstep nodes talking to each other and may change in any release.
 *
 * <p>On a single process the event bus is local; with {@code --cluster} it spans every node, so a
 * request sent on any node may be answered by a consumer on another, and a publish reaches the
 * consumers of every node.
 */
public final class Addresses {
  /**
   * Request/reply: commit a server-side op. Body {@code {"doc","v","op","src"?,"seq"?}}, reply
   * {@code {"v"}} (the committed version). Served by every sync-service node.
   */
  public static final String SYNC_SUBMIT = "lockstep.sync.submit";

  /**
   * Request/reply: a document's current snapshot. Body {@code {"doc"}}, reply
   * {@code {"doc","v","type","data"}}. Served by every sync-service node.
   */
  public static final String SYNC_SNAPSHOT = "lockstep.sync.snapshot";

  /**
   * Publish: every committed op, once, by the node that committed it; the body is the op frame
   * clients receive ({@code {"t":"op","doc","v",…}}).
   */
  public static final String SYNC_COMMITTED = "lockstep.sync.committed";

  /** Publish: presence changes (served when the presence service exists). */
  public static final String PRESENCE_CHANGED = "lockstep.presence.changed";

  /** Request/reply: the members of a presence room (served when the presence service exists). */
  public static final String PRESENCE_QUERY = "lockstep.presence.query";

  /** Send: publish an event to a feed (served when the feed service exists). */
  public static final String FEED_PUBLISH = "lockstep.feed.publish";

  /** Prefix of every internal address; consumers outside Lockstep must not use these. */
  public static final String INTERNAL_PREFIX = "lockstep.internal.";

  private static final String SYNC_OWNER_PREFIX = INTERNAL_PREFIX + "sync.owner.";

  private Addresses() {}

  /**
   * Internal, point-to-point: the address where the sync-service on cluster node {@code nodeId}
   * takes sequencer calls forwarded by the other nodes for the documents it owns. Each node
   * registers only its own, so a message sent here reaches exactly that node.
   */
  public static String syncOwner(String nodeId) {
    return SYNC_OWNER_PREFIX + nodeId;
  }
}
