package io.lockstep.sync.sequencer;

import io.vertx.core.Promise;

/** A submitted op waiting for its document's sequencer, with the promise of its committed version. */
record QueuedOp(SubmittedOp op, Promise<Long> result, long arrivedNanos) {}
