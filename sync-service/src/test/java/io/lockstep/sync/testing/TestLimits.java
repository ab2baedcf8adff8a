package io.lockstep.sync.testing;

import io.lockstep.common.config.Limits;

/**
 * {@link Limits} for tests, starting from the defaults with some changed:
 * {@code TestLimits.defaults().maxFrameBytes(4096).opsPerSecond(5).build()}.
 */
public final class TestLimits {
  private int maxFrameBytes;
  private int maxOpComponents;
  private int maxDocBytes;
  private int opsPerSecond;
  private int opsBurst;
  private int maxSubscriptions;
  private int maxOutboundBytes;
  private int maxErrorsPerMinute;
  private int snapshotEvery;
  private int retainOps;
  private int maxSubmitRetries;
  private int maxQueuedPerDoc;
  private int maxQueueWaitMs;
  private int maxQueuedBytesPerDoc;

  private TestLimits(Limits from) {
    maxFrameBytes = from.maxFrameBytes();
    maxOpComponents = from.maxOpComponents();
    maxDocBytes = from.maxDocBytes();
    opsPerSecond = from.opsPerSecond();
    opsBurst = from.opsBurst();
    maxSubscriptions = from.maxSubscriptions();
    maxOutboundBytes = from.maxOutboundBytes();
    maxErrorsPerMinute = from.maxErrorsPerMinute();
    snapshotEvery = from.snapshotEvery();
    retainOps = from.retainOps();
    maxSubmitRetries = from.maxSubmitRetries();
    maxQueuedPerDoc = from.maxQueuedPerDoc();
    maxQueueWaitMs = from.maxQueueWaitMs();
    maxQueuedBytesPerDoc = from.maxQueuedBytesPerDoc();
  }

  public static TestLimits defaults() {
    return new TestLimits(Limits.DEFAULTS);
  }

  public TestLimits maxFrameBytes(int value) {
    maxFrameBytes = value;
    return this;
  }

  public TestLimits maxOpComponents(int value) {
    maxOpComponents = value;
    return this;
  }

  public TestLimits maxDocBytes(int value) {
    maxDocBytes = value;
    return this;
  }

  public TestLimits opsPerSecond(int value) {
    opsPerSecond = value;
    return this;
  }

  public TestLimits opsBurst(int value) {
    opsBurst = value;
    return this;
  }

  public TestLimits maxSubscriptions(int value) {
    maxSubscriptions = value;
    return this;
  }

  public TestLimits maxOutboundBytes(int value) {
    maxOutboundBytes = value;
    return this;
  }

  public TestLimits maxErrorsPerMinute(int value) {
    maxErrorsPerMinute = value;
    return this;
  }

  public TestLimits snapshotEvery(int value) {
    snapshotEvery = value;
    return this;
  }

  public TestLimits retainOps(int value) {
    retainOps = value;
    return this;
  }

  public TestLimits maxQueuedPerDoc(int value) {
    maxQueuedPerDoc = value;
    return this;
  }

  public TestLimits maxQueueWaitMs(int value) {
    maxQueueWaitMs = value;
    return this;
  }

  public TestLimits maxQueuedBytesPerDoc(int value) {
    maxQueuedBytesPerDoc = value;
    return this;
  }

  /** No practical limit on the rate of ops or of errors, for tests that send many on purpose. */
  public TestLimits unthrottled() {
    opsPerSecond = 1_000_000;
    opsBurst = 1_000_000;
    maxErrorsPerMinute = 1_000_000;
    return this;
  }

  public Limits build() {
    return new Limits(maxFrameBytes, maxOpComponents, maxDocBytes, opsPerSecond, opsBurst, maxSubscriptions,
        maxOutboundBytes, maxErrorsPerMinute, snapshotEvery, retainOps, maxSubmitRetries, maxQueuedPerDoc,
        maxQueueWaitMs, maxQueuedBytesPerDoc);
  }
}
