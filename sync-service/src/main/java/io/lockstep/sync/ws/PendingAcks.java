package io.lockstep.sync.ws;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The ops one connection submitted to one document that are not acked yet, by (src, seq).
 *
 * <p>Why acks wait: PROTOCOL.md promises that an ack comes after every op committed before it.
 * On a subscribed document the ack therefore travels in the op stream: when the stream reaches
 * the connection's own op, the ack is sent in its place. The sequencer's answer may come first
 * (then the version is noted here until the stream gets there) or last (then the stream already
 * acked it and the answer finds nothing to do).
 */
final class PendingAcks {
  /** One submitted op awaiting its ack; several request ids when the client resent it meanwhile. */
  static final class Pending {
    final List<Long> ids = new ArrayList<>(1);
    /** The version the sequencer committed it at, once it answered and the stream has not got there. */
    OptionalLong committedV = OptionalLong.empty();
    /** The client asked for the committed op in the ack ({@code "echo":true}). */
    boolean echo;
  }

  private final Map<String, Pending> byKey = new HashMap<>();

  static String key(String src, long seq) {
    return src + '\u0000' + seq;
  }

  void add(String src, long seq, Long id, boolean echo) {
    Pending pending = byKey.computeIfAbsent(key(src, seq), k -> new Pending());
    pending.ids.add(id);
    pending.echo |= echo;
  }

  Pending get(String src, long seq) {
    return byKey.get(key(src, seq));
  }

  Pending remove(String src, long seq) {
    return byKey.remove(key(src, seq));
  }

  boolean isEmpty() {
    return byKey.isEmpty();
  }

  int size() {
    return byKey.size();
  }

  /** Removes and returns the ops whose version is known and before {@code nextV}: the stream will not bring them. */
  List<Map.Entry<Long, Pending>> takeCommittedBefore(long nextV) {
    List<Map.Entry<Long, Pending>> out = new ArrayList<>();
    for (Iterator<Pending> it = byKey.values().iterator(); it.hasNext(); ) {
      Pending p = it.next();
      if (p.committedV.isPresent() && p.committedV.getAsLong() < nextV) {
        out.add(Map.entry(p.committedV.getAsLong(), p));
        it.remove();
      }
    }
    out.sort(Map.Entry.comparingByKey());
    return out;
  }
}
