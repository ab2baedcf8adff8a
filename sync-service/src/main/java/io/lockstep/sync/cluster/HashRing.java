package io.lockstep.sync.cluster;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Consistent hashing of keys (document ids) onto members (cluster node ids): each member is placed
 * on a 64-bit ring at {@code points} pseudo-random positions ("virtual nodes"), and a key belongs
 * to the first member position at or after the key's own hash, wrapping around. When a member joins
 * or leaves, only the keys between its positions and their predecessors change owner (about 1/n of
 * them), and with enough virtual nodes the members get near-equal shares.
 *
 * <p>The placement depends only on the member ids and the key, never on the order members were
 * seen or on the JVM, so every node that sees the same members computes the same owners. Ties
 * (two positions with the same hash, astronomically rare) go to the member whose id sorts first.
 * Immutable and thread-safe.
 */
public final class HashRing {
  /** Virtual nodes per member: enough for shares within a few percent of equal with a handful of members. */
  public static final int DEFAULT_POINTS = 160;

  private final TreeMap<Long, String> ring = new TreeMap<>();
  private final List<String> members;

  /**
   * @param members the member ids (duplicates are ignored)
   * @param points virtual nodes per member, at least 1
   */
  public HashRing(Collection<String> members, int points) {
    if (points < 1) {
      throw new IllegalArgumentException("points must be >= 1, got " + points);
    }
    this.members = List.copyOf(new TreeSet<>(members));
    for (String member : this.members) {
      for (int i = 0; i < points; i++) {
        // Members are visited in sorted order and putIfAbsent keeps the first: the tie-break above.
        ring.putIfAbsent(hash(member + "#" + i), member);
      }
    }
  }

  /** A ring of {@code members} with {@link #DEFAULT_POINTS} virtual nodes each. */
  public static HashRing of(Collection<String> members) {
    return new HashRing(members, DEFAULT_POINTS);
  }

  /** The member that owns {@code key}, or null when the ring has no members. */
  public String ownerOf(String key) {
    if (ring.isEmpty()) {
      return null;
    }
    Map.Entry<Long, String> at = ring.ceilingEntry(hash(key));
    return at != null ? at.getValue() : ring.firstEntry().getValue();
  }

  /** The members, sorted. */
  public List<String> members() {
    return members;
  }

  /**
   * A 64-bit hash of the UTF-8 bytes: FNV-1a, then the MurmurHash3 finalizer so that nearby
   * inputs ("node#1", "node#2") land far apart on the ring. Stable across JVMs and releases, which
   * {@code String.hashCode} mixing would also be, but 32 bits are too few positions for a ring.
   */
  static long hash(String s) {
    long h = 0xcbf29ce484222325L;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
