package io.lockstep.sync.sequencer;

import io.lockstep.common.config.Limits;
import io.lockstep.common.engine.ops.StoredOp;
import io.lockstep.common.engine.ops.StoredOpCodec;
import io.vertx.core.Future;
import java.util.List;
import java.util.OptionalLong;

/**
 * One page of committed ops for a client that asked for a range ({@code fetch}, {@code GET
 * /docs/{doc}/ops}): at most {@code maxPageOps} ops and {@code maxPageBytes} bytes of op frames (but
 * always at least one op), so no answer grows with the history. {@code next} is the version to ask
 * from for the rest (the last op's version), empty when the range is complete; {@code complete}
 * is false when the ops right after {@code from} are no longer retained (then {@code ops} is empty).
 */
public record OpsPage(boolean complete, List<StoredOp> ops, OptionalLong next) {

  /** Reads the page of {@code from < v <= to} through {@code sequencer} (caught up with the store). */
  public static Future<OpsPage> read(Sequencer sequencer, String doc, long from, long to, Limits limits) {
    int maxOps = limits.maxPageOps();
    // One op more than a page tells whether more remain without asking for the version.
    long upTo = to - from > maxOps ? from + maxOps + 1 : to;
    return sequencer.ops(doc, from, upTo).map(range -> {
      if (!range.complete()) {
        return new OpsPage(false, List.of(), OptionalLong.empty());
      }
      List<StoredOp> ops = range.ops();
      int n = 0;
      long bytes = 0;
      while (n < ops.size() && n < maxOps) {
        bytes += StoredOpCodec.encode(ops.get(n)).length();
        if (n > 0 && bytes > limits.maxPageBytes()) {
          break;
        }
        n++;
      }
      return n < ops.size() ? new OpsPage(true, ops.subList(0, n), OptionalLong.of(ops.get(n - 1).v()))
          : new OpsPage(true, ops, OptionalLong.empty());
    });
  }
}
