package io.lockstep.sync.sharedb;

import java.util.List;
import java.util.Map;

/**
 * A message from a ShareDB client, parsed and validated (see {@link ShareDbRequests}). One record
 * per action of ShareDB's protocol that Lockstep answers; the action letters are ShareDB's.
 */
public sealed interface ShareDbRequest {

  /** {@code hs}: handshake; {@code id} is the client's previous id (null on its first connection). */
  record Handshake(String id) implements ShareDbRequest {}

  /** {@code auth} (a Lockstep addition): a token, sent first or whenever it is refreshed. */
  record Auth(String token) implements ShareDbRequest {}

  /** {@code f} / {@code s}: fetch or subscribe; {@code v} null asks for a snapshot, a version for the ops after it. */
  record Read(DocName name, Long v, boolean subscribe) implements ShareDbRequest {}

  /** {@code u}: unsubscribe. */
  record Unsubscribe(DocName name) implements ShareDbRequest {}

  /**
   * {@code bf} / {@code bs} / {@code bu}: the bulk forms of f, s and u over one collection. {@code versions}
   * is null when the client sent a list of ids (it wants snapshots); otherwise it maps each id to its version.
   */
  record Bulk(String action, String collection, List<String> ids, Map<String, Long> versions) implements ShareDbRequest {
    public Bulk {
      ids = List.copyOf(ids);
    }
  }

  /**
   * {@code op}: an edit, creation or deletion made at version {@code v} (null for a creation the
   * client made without knowing the version), identified by ({@code src}, {@code seq}).
   */
  record Submit(DocName name, Long v, String src, long seq, Change change, int bytes) implements ShareDbRequest {}

  /** What a submitted op does. */
  sealed interface Change {}

  record Edit(Object op) implements Change {}

  record Create(String type, Object data) implements Change {}

  record Delete() implements Change {}

  /** {@code nf}: a read-only snapshot at version {@code v} (null: the latest). */
  record SnapshotAtVersion(long requestId, DocName name, Long v) implements ShareDbRequest {}

  /** {@code nt}: a read-only snapshot as it was at {@code ts} (epoch ms; null: the latest). */
  record SnapshotAtTime(long requestId, DocName name, Long ts) implements ShareDbRequest {}

  /**
   * {@code p}: a local presence's new value {@code p} (null when it leaves) at presence version
   * {@code pv}. For document presence {@code name} is the document, {@code v} the version the value
   * refers to and {@code type} the document's type; all three are null on a plain channel.
   */
  record Presence(String channel, String presenceId, Object value, long pv, DocName name, Long v, String type)
      implements ShareDbRequest {}

  /** {@code ps} / {@code pu}: start or stop receiving a channel's presence. */
  record PresenceSubscription(String channel, long seq, boolean subscribe) implements ShareDbRequest {}

  /** {@code pr}: ask the channel's other clients to send their presence again. */
  record PresenceRequest(String channel) implements ShareDbRequest {}

  /** {@code pp}: ping. */
  record Ping() implements ShareDbRequest {}

  /** {@code qf} / {@code qs} / {@code qu}: queries, which Lockstep does not run (answered with an error). */
  record Query(String action) implements ShareDbRequest {}
}
