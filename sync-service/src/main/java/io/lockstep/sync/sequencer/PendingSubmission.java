package io.lockstep.sync.sequencer;

import io.vertx.core.Promise;

/** A submission waiting for its document's sequencer, with the promise of its committed version. */
record PendingSubmission(Submission submission, Promise<Long> result, long arrivedNanos) {}
