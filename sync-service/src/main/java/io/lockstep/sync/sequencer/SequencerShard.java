package io.lockstep.sync.sequencer;

import io.lockstep.common.protocol.LockstepException;
import io.lockstep.common.util.KeyedSerialQueue;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The document sequencers that live on one event loop. Work for one document runs one task at a
 * time in arrival order (a per-document future chain, never a lock); documents are independent.
 * Idle sequencers are dropped so memory follows the documents in use.
 */
final class SequencerShard {
  private final ShardResources deps;
  private final Map<String, DocSequencer> sequencers = new HashMap<>();
  private final KeyedSerialQueue<String> queue = new KeyedSerialQueue<>();

  SequencerShard(ShardResources deps) {
    this.deps = deps;
  }

  ShardResources deps() {
    return deps;
  }

  /** Runs {@code work} on the document's sequencer after everything queued before it. Call on this shard's context. */
  <T> Future<T> run(String doc, Function<DocSequencer, Future<T>> work) {
    DocSequencer existing = sequencers.get(doc);
    int waiting = existing == null ? queue.pending(doc) : waiting(doc, existing);
    if (waiting >= deps.limits().maxQueuedPerDoc()) {
      DocSequencer sequencer = existing != null ? existing : sequencers.computeIfAbsent(doc, d -> new DocSequencer(d, deps));
      return Future.failedFuture(sequencer.admission().refusal(doc, waiting + " requests waiting", waiting));
    }
    return queue.submit(doc, () -> work.apply(sequencers.computeIfAbsent(doc, d -> new DocSequencer(d, deps))));
  }

  /**
   * Queues an op for its document, or refuses it at once when the document cannot take it soon
   * ({@link Admission}: refuse rather than queue, since every queued op waits longer and has more
   * history to be rebased over, so an unbounded queue turns overload into collapse). Ops that wait
   * for the document together are committed together ({@link SubmitPipeline}); each is answered on
   * its own. Call on this shard's context.
   */
  Future<Long> submit(SubmittedOp op) {
    String doc = op.doc();
    DocSequencer sequencer = sequencers.computeIfAbsent(doc, d -> new DocSequencer(d, deps));
    int waiting = waiting(doc, sequencer);
    Optional<LockstepException> refusal =
        sequencer.admission().check(op, waiting, sequencer.waitingBytes(), sequencer::committedFrom);
    if (refusal.isPresent()) {
      deps.metrics().shed();
      return Future.failedFuture(refusal.get());
    }
    Promise<Long> result = Promise.promise();
    if (sequencer.enqueue(new QueuedOp(op, result, System.nanoTime()))) {
      queue.submit(doc, sequencer::drain);
    }
    return result.future();
  }

  /**
   * Requests waiting for the document: its queued tasks, except that a queued drain counts as the
   * ops it will run. A running drain counts as one, like any running task.
   */
  private int waiting(String doc, DocSequencer sequencer) {
    return queue.pending(doc) - (sequencer.drainQueued() ? 1 : 0) + sequencer.waitingCount();
  }

  /** Drops sequencers idle for {@code idleMs} with nothing queued. Call on this shard's context. */
  int evictIdle(long nowMs, long idleMs) {
    int evicted = 0;
    for (Iterator<Map.Entry<String, DocSequencer>> it = sequencers.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, DocSequencer> e = it.next();
      if (nowMs - e.getValue().lastUsedMs() > idleMs && queue.pending(e.getKey()) == 0) {
        it.remove();
        evicted++;
      }
    }
    return evicted;
  }

  int size() {
    return sequencers.size();
  }
}
