package io.lockstep.sync.cluster;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The cluster routing's meters, served at {@code /metrics} next to the sync-service's own: calls
 * forwarded to a document's owner, forwards retried because the owner did not answer, calls
 * sequenced here after all (fallbacks), reads hedged here, ownership changes, and the sequencing nodes this node sees.
 * Retries and fallbacks should stay near zero outside membership changes.
 */
public final class ClusterMetrics {
  private final Counter forwards;
  private final Counter retries;
  private final Counter fallbacks;
  private final Counter hedgedReads;
  private final Counter ownershipChanges;
  private final AtomicInteger members = new AtomicInteger(1);

  public ClusterMetrics(MeterRegistry registry) {
    forwards = Counter.builder("lockstep_sync_forwards")
        .description("sequencer calls forwarded to the document's owner node").register(registry);
    retries = Counter.builder("lockstep_sync_forward_retries")
        .description("forwards retried because the owner did not answer").register(registry);
    fallbacks = Counter.builder("lockstep_sync_forward_fallbacks")
        .description("calls sequenced on this node because the owner kept not answering").register(registry);
    hedgedReads = Counter.builder("lockstep_sync_forward_reads_hedged")
        .description("forwarded reads also run on this node because the owner was slow to answer").register(registry);
    ownershipChanges = Counter.builder("lockstep_sync_ownership_changes")
        .description("changes of the set of nodes documents are spread over").register(registry);
    registry.gauge("lockstep_sync_cluster_members", members);
  }

  void forwarded() {
    forwards.increment();
  }

  void retried() {
    retries.increment();
  }

  void fellBack() {
    fallbacks.increment();
  }

  void hedgedRead() {
    hedgedReads.increment();
  }

  void ownershipChanged(int memberCount) {
    ownershipChanges.increment();
    members.set(memberCount);
  }
}
