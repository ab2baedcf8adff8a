package io.lockstep.sync.metrics;

import io.lockstep.common.protocol.ErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sync-service's meters, served at {@code /metrics}: connections, subscriptions, ops
 * committed, commit retries, resubmissions, op latency (received to committed) and errors by code.
 */
public final class SyncMetrics {
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger subscriptions = new AtomicInteger();
  private final Counter opsCommitted;
  private final Counter retries;
  private final Counter duplicates;
  private final Counter slowConsumers;
  private final Counter unknownCommits;
  private final Counter storeRegressions;
  private final Counter shed;
  private final Timer fanoutBehind;
  private final Timer opLatency;
  private final DistributionSummary batchSize;
  private final Map<ErrorCode, Counter> errors = new EnumMap<>(ErrorCode.class);

  public SyncMetrics(MeterRegistry registry) {
    registry.gauge("lockstep_sync_connections", connections);
    registry.gauge("lockstep_sync_subscriptions", subscriptions);
    opsCommitted = Counter.builder("lockstep_sync_ops_committed").description("ops committed by this node").register(registry);
    retries = Counter.builder("lockstep_sync_commit_retries").description("commits that lost a version race and were retried").register(registry);
    duplicates = Counter.builder("lockstep_sync_resubmissions").description("resubmitted ops acked with their original version").register(registry);
    slowConsumers = Counter.builder("lockstep_sync_slow_consumers_closed").description("connections closed for not reading").register(registry);
    unknownCommits = Counter.builder("lockstep_sync_unknown_commits")
        .description("commit calls that failed or timed out with their outcome unknown, resolved by reading the store")
        .register(registry);
    fanoutBehind = Timer.builder("lockstep_sync_fanout_behind")
        .description("how long after its commit an op the broker lost reached this node's subscribers (read back from the store)")
        .publishPercentiles(0.5, 0.99).register(registry);
    storeRegressions = Counter.builder("lockstep_sync_store_regressions")
        .description("documents whose store version went below what this node had seen (acked ops lost by the store)")
        .register(registry);
    shed = Counter.builder("lockstep_sync_ops_shed")
        .description("ops refused with unavailable and a retryMs because their document could not take them soon")
        .register(registry);
    opLatency = Timer.builder("lockstep_sync_op_latency").description("from an op's arrival to its commit")
        .publishPercentiles(0.5, 0.99).register(registry);
    batchSize = DistributionSummary.builder("lockstep_sync_commit_batch_ops")
        .description("ops per store commit (a lone op is a commit of one; a busy document's waiting ops commit together)").register(registry);
    for (ErrorCode code : ErrorCode.values()) {
      errors.put(code, Counter.builder("lockstep_sync_errors").tag("code", code.wire()).register(registry));
    }
  }

  public void connectionOpened() {
    connections.incrementAndGet();
  }

  public void connectionClosed() {
    connections.decrementAndGet();
  }

  public void subscribed() {
    subscriptions.incrementAndGet();
  }

  public void unsubscribed(int count) {
    subscriptions.addAndGet(-count);
  }

  public void committed(long startNanos) {
    opsCommitted.increment();
    opLatency.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
  }

  public void batchCommitted(int ops) {
    batchSize.record(ops);
  }

  /** A commit call failed or timed out; its outcome is being read back from the store. */
  public void unknownCommit() {
    unknownCommits.increment();
  }

  /** An op the broker lost reached this node's subscribers {@code millis} after its commit. */
  public void fanoutBehind(long millis) {
    fanoutBehind.record(Math.max(0, millis), TimeUnit.MILLISECONDS);
  }

  /** A document's store version was behind this node's: the store lost acked ops. */
  public void storeRegressed() {
    storeRegressions.increment();
  }

  /** An op was refused at its document's admission (it would have waited too long). */
  public void shed() {
    shed.increment();
  }

  public void retried() {
    retries.increment();
  }

  public void resubmitted() {
    duplicates.increment();
  }

  public void slowConsumerClosed() {
    slowConsumers.increment();
  }

  public void error(ErrorCode code) {
    errors.get(code).increment();
  }

  public int connections() {
    return connections.get();
  }
}
