package io.lockstep.sync.ws;

import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.LockstepException;
import io.lockstep.edge.ws.CloseCodes;
import io.lockstep.edge.ws.ErrorBudget;
import io.lockstep.edge.ws.FlushingOutbound;
import io.lockstep.sync.metrics.SyncMetrics;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How every handler of one connection answers: frames go out through the connection's
 * {@link FlushingOutbound}; errors become {@code err} frames, are counted by code, and spend the
 * connection's error budget, which closes a connection that keeps sending bad requests.
 */
final class Replies {
  private static final Logger LOG = LoggerFactory.getLogger(Replies.class);

  private final FlushingOutbound out;
  private final ErrorBudget errorBudget;
  private final SyncMetrics metrics;

  Replies(FlushingOutbound out, ErrorBudget errorBudget, SyncMetrics metrics) {
    this.out = out;
    this.errorBudget = errorBudget;
    this.metrics = metrics;
  }

  void send(JsonObject frame) {
    out.send(frame);
  }

  /** A frame already encoded as UTF-8 (a fanned-out op, the same bytes for every subscriber). */
  void send(byte[] utf8) {
    out.send(utf8);
  }

  /**
   * An error frame for {@code cause}: its own code and message when it is a {@link LockstepException}
   * (with its {@code retryMs} when it has one: load shed by the server, which costs the connection
   * none of its error budget), else {@code internal}.
   */
  void failWith(Long re, String doc, Throwable cause) {
    if (cause instanceof LockstepException e && e.retryMs().isPresent()) {
      metrics.error(e.code());
      out.send(ServerFrames.error(re, doc, e.code(), e.getMessage()).put("retryMs", e.retryMs().getAsLong()));
    } else if (cause instanceof LockstepException e) {
      fail(re, doc, e.code(), e.getMessage());
    } else {
      LOG.error("doc {}: unexpected failure", doc, cause);
      fail(re, doc, ErrorCode.INTERNAL, "internal error");
    }
  }

  void fail(Long re, String doc, ErrorCode code, String message) {
    metrics.error(code);
    out.send(ServerFrames.error(re, doc, code, message));
    if (!errorBudget.spend(System.nanoTime())) {
      LOG.info("closing a connection that earned too many errors");
      out.close(CloseCodes.POLICY_VIOLATION, "too many bad requests");
    }
  }
}
