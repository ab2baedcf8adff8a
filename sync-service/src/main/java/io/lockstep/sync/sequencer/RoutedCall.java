package io.lockstep.sync.sequencer;

import io.lockstep.common.engine.ops.Snapshot;
import io.vertx.core.Future;

/**
 * One {@link Sequencer} call as a value, so it can be routed to the node that owns the document
 * and run there ({@link #runOn}). Immutable; {@code T} is the call's result.
 */
public sealed interface RoutedCall<T>
    permits RoutedCall.Submit, RoutedCall.ReadSnapshot, RoutedCall.ReadVersion, RoutedCall.ReadOps {

  /** The document the call is about, which decides where it runs. */
  String doc();

  /**
   * Whether running the call twice is harmless, so a caller that does not know whether it ran (the
   * owner did not answer in time) may run it again: reads always, commits only with a {@code src}
   * (the store de-duplicates them; without one, a second run would commit the op twice).
   */
  boolean repeatable();

  /** Runs the call on {@code sequencer}. */
  Future<T> runOn(Sequencer sequencer);

  /** {@link Sequencer#submit}: an edit or a creation. */
  record Submit(SubmittedOp op) implements RoutedCall<Long> {
    @Override
    public String doc() {
      return op.doc();
    }

    @Override
    public boolean repeatable() {
      return op.src() != null;
    }

    @Override
    public Future<Long> runOn(Sequencer sequencer) {
      return sequencer.submit(op);
    }
  }

  /** {@link Sequencer#snapshot}. */
  record ReadSnapshot(String doc) implements RoutedCall<Snapshot> {
    @Override
    public boolean repeatable() {
      return true;
    }

    @Override
    public Future<Snapshot> runOn(Sequencer sequencer) {
      return sequencer.snapshot(doc);
    }
  }

  /** {@link Sequencer#version}. */
  record ReadVersion(String doc) implements RoutedCall<Long> {
    @Override
    public boolean repeatable() {
      return true;
    }

    @Override
    public Future<Long> runOn(Sequencer sequencer) {
      return sequencer.version(doc);
    }
  }

  /** {@link Sequencer#ops}. */
  record ReadOps(String doc, long from, long to) implements RoutedCall<OpsRange> {
    @Override
    public boolean repeatable() {
      return true;
    }

    @Override
    public Future<OpsRange> runOn(Sequencer sequencer) {
      return sequencer.ops(doc, from, to);
    }
  }
}
