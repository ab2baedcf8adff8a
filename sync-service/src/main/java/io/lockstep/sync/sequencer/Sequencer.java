package io.lockstep.sync.sequencer;

import io.lockstep.common.engine.ops.Snapshot;
import io.vertx.core.Future;

/**
 * What a document's sequencer does, wherever it runs: {@link RoutedSequencer} sends each call to
 * the document's owner in the cluster, {@link LocalSequencers} runs it on this node. Callable from
 * any event loop; the futures complete on the caller's context.
 */
public interface Sequencer {

  /**
   * Commits an op, or creates the document when the op is a creation; the result is its version
   * (the original one for a resubmission).
   */
  Future<Long> submit(SubmittedOp op);

  /** The document's current snapshot ({@code type} null and {@code v} 0 when it does not exist). */
  Future<Snapshot> snapshot(String doc);

  /** The document's current version, caught up with the store. */
  Future<Long> version(String doc);

  /** Committed ops with {@code from} < v ≤ {@code to}. */
  Future<OpsRange> ops(String doc, long from, long to);
}
