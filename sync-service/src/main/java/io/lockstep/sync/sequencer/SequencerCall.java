package io.lockstep.sync.sequencer;

import io.lockstep.common.engine.ops.Snapshot;
import io.vertx.core.Future;

/**
 * One {@link Sequencing} call as a value, so it can be routed to the node that owns the document
 * and run there ({@link #runOn}). Immutable; {@code T} is the call's result.
 */
public sealed interface SequencerCall<T>
    permits SequencerCall.Submit, SequencerCall.Create, SequencerCall.ReadSnapshot, SequencerCall.ReadVersion,
        SequencerCall.ReadOps {

  /** The document the call is about, which decides where it runs. */
  String doc();

  /**
   * Whether running the call twice is harmless, so a caller that does not know whether it ran (the
   * owner did not answer in time) may run it again: reads always, commits only with a {@code src}
   * (the store de-duplicates them; without one, a second run would commit the op twice).
   */
  boolean repeatable();

  /** Runs the call on {@code sequencing}. */
  Future<T> runOn(Sequencing sequencing);

  /** {@link Sequencing#submit}. */
  record Submit(Submission submission) implements SequencerCall<Long> {
    @Override
    public String doc() {
      return submission.doc();
    }

    @Override
    public boolean repeatable() {
      return submission.src() != null;
    }

    @Override
    public Future<Long> runOn(Sequencing sequencing) {
      return sequencing.submit(submission);
    }
  }

  /** {@link Sequencing#create}. */
  record Create(String doc, String type, Object data, String src, long seq) implements SequencerCall<Long> {
    @Override
    public boolean repeatable() {
      return src != null;
    }

    @Override
    public Future<Long> runOn(Sequencing sequencing) {
      return sequencing.create(doc, type, data, src, seq);
    }
  }

  /** {@link Sequencing#snapshot}. */
  record ReadSnapshot(String doc) implements SequencerCall<Snapshot> {
    @Override
    public boolean repeatable() {
      return true;
    }

    @Override
    public Future<Snapshot> runOn(Sequencing sequencing) {
      return sequencing.snapshot(doc);
    }
  }

  /** {@link Sequencing#version}. */
  record ReadVersion(String doc) implements SequencerCall<Long> {
    @Override
    public boolean repeatable() {
      return true;
    }

    @Override
    public Future<Long> runOn(Sequencing sequencing) {
      return sequencing.version(doc);
    }
  }

  /** {@link Sequencing#ops}. */
  record ReadOps(String doc, long from, long to) implements SequencerCall<OpsRange> {
    @Override
    public boolean repeatable() {
      return true;
    }

    @Override
    public Future<OpsRange> runOn(Sequencing sequencing) {
      return sequencing.ops(doc, from, to);
    }
  }
}
