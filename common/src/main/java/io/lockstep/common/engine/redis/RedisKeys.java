package io.lockstep.common.engine.redis;

import io.lockstep.common.protocol.FeedChannels;
import java.util.List;
import java.util.Objects;

/**
 * Every Redis key Lockstep uses, built in one place. Each key of a document carries the document id
 * as a Redis Cluster hash tag ({@code {<doc>}}), so all of them hash to the same slot and one Lua
 * script may touch them together; document ids cannot contain braces (see {@code Ids}), so the tag
 * is always the whole id. The broker topic of a document ({@code OpTopics.forDoc}) uses the same tag.
 *
 * <p>Layout per document:
 *
 * <pre>
 * lockstep:doc:{notes/1}   hash  v, snapshotV, snapshot (JSON {"v","type","data"}), logBytes
 * lockstep:log:{notes/1}   zset  encoded op frame, scored by its version
 * lockstep:ids:{notes/1}   zset  "&lt;seq&gt;:&lt;src&gt;" of each retained op with a source, scored by its version
 * lockstep:src:{notes/1}   hash  src -&gt; "&lt;seq&gt;:&lt;v&gt;:&lt;owner&gt;" of the last op committed by that source
 * lockstep:srcv:{notes/1}  zset  src, scored by the version of its last op (the least recent is dropped first)
 * </pre>
 *
 * <p>Layout per presence room (the room id is the hash tag), and one index:
 *
 * <pre>
 * lockstep:pexp:{doc:notes/1}   zset  conn, scored by its expiry (ms, Redis clock)
 * lockstep:pmem:{doc:notes/1}   hash  conn -&gt; "&lt;version of its last change&gt;|&lt;member JSON&gt;"
 * lockstep:proom:{doc:notes/1}  hash  epoch, v (the room's version counter)
 * lockstep:presence-rooms       zset  room, scored by the latest expiry given to one of its members
 * </pre>
 *
 * <p>Per feed channel, tagged by the channel name (which has the same alphabet):
 *
 * <pre>
 * lockstep:feed:{news}       stream  the retained events, entry id "&lt;ms&gt;-&lt;seq&gt;", fields t (type), d (data)
 * lockstep:feedmeta:{news}   hash    seq (last event number), ms (last append time)
 * lockstep:feedseen:{news}   zset    recent de-duplication keys, scored by append time
 * </pre>
 *
 * <p>A document's {@code doc:} channel is tagged by the document instead
 * ({@code lockstep:feed:doc:{notes/1}}, {@code lockstep:feedmeta:doc:{notes/1}}), in the document's
 * slot: {@code op_commit.lua} appends to it in the commit. No other channel's key can take that form,
 * since theirs have the brace right after the colon.
 */
public final class RedisKeys {
  /** The prefix of every key, so a shared Redis can tell Lockstep's keys apart. */
  public static final String PREFIX = "lockstep:";

  private RedisKeys() {}

  /** The hash tag of {@code doc}: {@code {<doc>}}. */
  public static String tag(String doc) {
    return "{" + Objects.requireNonNull(doc, "doc") + "}";
  }

  /** The document's hash: current version, and the latest stored snapshot with its version. */
  public static String docMeta(String doc) {
    return PREFIX + "doc:" + tag(doc);
  }

  /** The document's op log: a sorted set of encoded op frames scored by version. */
  public static String opLog(String doc) {
    return PREFIX + "log:" + tag(doc);
  }

  /** The {@code (src, seq)} of each retained op, scored by version, for de-duplicating older seqs. */
  public static String opIds(String doc) {
    return PREFIX + "ids:" + tag(doc);
  }

  /** The last committed {@code seq} and its version per source. */
  public static String sources(String doc) {
    return PREFIX + "src:" + tag(doc);
  }

  /** Each source scored by the version of its last commit: which records to drop first past the bound. */
  public static String sourceOrder(String doc) {
    return PREFIX + "srcv:" + tag(doc);
  }

  /** A presence room's members by expiry. */
  public static String presenceExpiry(String room) {
    return PREFIX + "pexp:" + tag(room);
  }

  /** A presence room's member data, with the version of each member's last change. */
  public static String presenceMembers(String room) {
    return PREFIX + "pmem:" + tag(room);
  }

  /** A presence room's epoch and version counter. */
  public static String presenceRoom(String room) {
    return PREFIX + "proom:" + tag(room);
  }

  /** The keys the presence scripts take for one room, in their {@code KEYS} order. */
  public static List<String> presenceKeys(String room) {
    return List.of(presenceExpiry(room), presenceMembers(room), presenceRoom(room));
  }

  /**
   * The index of rooms that have members, scored by the latest expiry given to one of them. Not
   * tagged: it spans rooms, so it is written by separate commands, never inside a room's script.
   */
  public static String presenceRooms() {
    return PREFIX + "presence-rooms";
  }

  /** The keys {@code op_commit.lua} takes, in its {@code KEYS} order: the document's, then its {@code doc:} feed's. */
  public static List<String> commitKeys(String doc) {
    String channel = FeedChannels.forDoc(doc);
    return List.of(docMeta(doc), opLog(doc), opIds(doc), sources(doc), sourceOrder(doc), feedStream(channel), feedMeta(channel));
  }

  /** A feed channel's stream of retained events. */
  public static String feedStream(String channel) {
    return PREFIX + "feed:" + channelTag(channel);
  }

  /** A feed channel's counters: the last event number and append time. */
  public static String feedMeta(String channel) {
    return PREFIX + "feedmeta:" + channelTag(channel);
  }

  /** A feed channel's recent de-duplication keys. */
  public static String feedSeen(String channel) {
    return PREFIX + "feedseen:" + channelTag(channel);
  }

  /** The channel as hash tag, except a {@code doc:} channel, which goes in its document's slot. */
  private static String channelTag(String channel) {
    Objects.requireNonNull(channel, "channel");
    if (channel.startsWith(FeedChannels.DOC_PREFIX)) {
      return FeedChannels.DOC_PREFIX + tag(channel.substring(FeedChannels.DOC_PREFIX.length()));
    }
    return tag(channel);
  }

  /** The keys {@code feed_append.lua} takes, in its {@code KEYS} order. */
  public static List<String> feedAppendKeys(String channel) {
    return List.of(feedStream(channel), feedMeta(channel), feedSeen(channel));
  }

  /** The keys {@code feed_read.lua} takes, in its {@code KEYS} order. */
  public static List<String> feedReadKeys(String channel) {
    return List.of(feedStream(channel), feedMeta(channel));
  }
}
