package io.lockstep.common.config;

import io.vertx.core.json.JsonObject;

/**
 * Per-connection and per-document limits. Every limit has a documented default (docs/configuration.md)
 * and can be set by flag or environment variable.
 *
 * @param maxFrameBytes largest WebSocket frame or HTTP body accepted ({@code too_large} past it)
 * @param maxOpComponents most components in one op ({@code too_large})
 * @param maxDocBytes largest document, measured as its JSON size after an op ({@code too_large})
 * @param opsPerSecond sustained ops per second per connection ({@code rate_limited} past it)
 * @param opsBurst ops a connection may send at once before the rate applies
 * @param maxSubscriptions documents one connection may have open
 * @param maxOutboundBytes bytes queued for a connection that does not read; past it the connection is closed
 * @param maxErrorsPerMinute error frames a connection may earn per minute before it is closed with 1008
 * @param snapshotEvery a snapshot is stored every this many ops of a document
 * @param retainOps ops kept per document for catch-up; older clients receive a snapshot
 * @param maxSubmitRetries commit attempts of one op before it fails with {@code unavailable}
 * @param maxQueuedPerDoc requests waiting for one document's sequencer before more are refused
 *     with {@code unavailable}: the bound that keeps an overloaded document from falling ever further behind
 * @param maxQueueWaitMs how long an op may expect to wait for its document's sequencer (ops ahead of it
 *     times the document's recent time per op); an op that would wait longer is refused at once with
 *     {@code unavailable} and a {@code retryMs}, so an overloaded document sheds load instead of queueing
 * @param maxQueuedBytesPerDoc bytes of ops waiting for one document's sequencer before more are refused
 *     with {@code unavailable}
 * @param maxHistoryBytes bytes of op history kept per document (in the sequencer's memory and in the
 *     op store), next to {@code retainOps}: whichever bound is reached first trims the oldest ops
 * @param maxSourcesPerDoc {@code src} de-duplication records kept per document; the least recently
 *     used are dropped past it (records of sources whose last op left the history are dropped anyway)
 * @param maxPageOps most ops in one answer of {@code fetch}, {@code GET /docs/{doc}/ops} and a
 *     catch-up read; more come with {@code next}
 * @param maxPageBytes most op bytes in one such page (at least one op is always returned)
 * @param httpOpsPerSecond sustained op submissions per second over HTTP, per user and per client
 *     address ({@code 429 rate_limited} past it)
 * @param httpOpsBurst HTTP op submissions a user or address may make at once before the rate applies
 * @param maxRateKeys users and addresses whose HTTP rate is tracked at once per node; idle ones are
 *     forgotten first
 */
public record Limits(
    int maxFrameBytes,
    int maxOpComponents,
    int maxDocBytes,
    int opsPerSecond,
    int opsBurst,
    int maxSubscriptions,
    int maxOutboundBytes,
    int maxErrorsPerMinute,
    int snapshotEvery,
    int retainOps,
    int maxSubmitRetries,
    int maxQueuedPerDoc,
    int maxQueueWaitMs,
    int maxQueuedBytesPerDoc,
    int maxHistoryBytes,
    int maxSourcesPerDoc,
    int maxPageOps,
    int maxPageBytes,
    int httpOpsPerSecond,
    int httpOpsBurst,
    int maxRateKeys) {

  public static final Limits DEFAULTS = new Limits(
      256 * 1024, 2_000, 4 * 1024 * 1024, 200, 400, 1_000, 4 * 1024 * 1024, 120, 100, 10_000, 20, 1_000, 50,
      8 * 1024 * 1024, 8 * 1024 * 1024, 1_000, 1_000, 1024 * 1024, 200, 400, 100_000);

  public Limits {
    Positive.check("maxFrameBytes", maxFrameBytes);
    Positive.check("maxOpComponents", maxOpComponents);
    Positive.check("maxDocBytes", maxDocBytes);
    Positive.check("opsPerSecond", opsPerSecond);
    Positive.check("opsBurst", opsBurst);
    Positive.check("maxSubscriptions", maxSubscriptions);
    Positive.check("maxOutboundBytes", maxOutboundBytes);
    Positive.check("maxErrorsPerMinute", maxErrorsPerMinute);
    Positive.check("snapshotEvery", snapshotEvery);
    Positive.check("retainOps", retainOps);
    Positive.check("maxSubmitRetries", maxSubmitRetries);
    Positive.check("maxQueuedPerDoc", maxQueuedPerDoc);
    Positive.check("maxQueueWaitMs", maxQueueWaitMs);
    Positive.check("maxQueuedBytesPerDoc", maxQueuedBytesPerDoc);
    Positive.check("maxHistoryBytes", maxHistoryBytes);
    Positive.check("maxSourcesPerDoc", maxSourcesPerDoc);
    Positive.check("maxPageOps", maxPageOps);
    Positive.check("maxPageBytes", maxPageBytes);
    Positive.check("httpOpsPerSecond", httpOpsPerSecond);
    Positive.check("httpOpsBurst", httpOpsBurst);
    Positive.check("maxRateKeys", maxRateKeys);
  }

  /** The first fourteen limits given, the history, paging and HTTP rate bounds at their defaults. */
  public Limits(int maxFrameBytes, int maxOpComponents, int maxDocBytes, int opsPerSecond, int opsBurst,
      int maxSubscriptions, int maxOutboundBytes, int maxErrorsPerMinute, int snapshotEvery, int retainOps,
      int maxSubmitRetries, int maxQueuedPerDoc, int maxQueueWaitMs, int maxQueuedBytesPerDoc) {
    this(maxFrameBytes, maxOpComponents, maxDocBytes, opsPerSecond, opsBurst, maxSubscriptions, maxOutboundBytes,
        maxErrorsPerMinute, snapshotEvery, retainOps, maxSubmitRetries, maxQueuedPerDoc, maxQueueWaitMs,
        maxQueuedBytesPerDoc, 8 * 1024 * 1024, 1_000, 1_000, 1024 * 1024, 200, 400, 100_000);
  }

  private static void positive(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("maxFrameBytes", maxFrameBytes).put("maxOpComponents", maxOpComponents)
        .put("maxDocBytes", maxDocBytes).put("opsPerSecond", opsPerSecond).put("opsBurst", opsBurst)
        .put("maxSubscriptions", maxSubscriptions).put("maxOutboundBytes", maxOutboundBytes)
        .put("maxErrorsPerMinute", maxErrorsPerMinute).put("snapshotEvery", snapshotEvery)
        .put("retainOps", retainOps).put("maxSubmitRetries", maxSubmitRetries)
        .put("maxQueuedPerDoc", maxQueuedPerDoc).put("maxQueueWaitMs", maxQueueWaitMs)
        .put("maxQueuedBytesPerDoc", maxQueuedBytesPerDoc).put("maxHistoryBytes", maxHistoryBytes)
        .put("maxSourcesPerDoc", maxSourcesPerDoc).put("maxPageOps", maxPageOps).put("maxPageBytes", maxPageBytes)
        .put("httpOpsPerSecond", httpOpsPerSecond).put("httpOpsBurst", httpOpsBurst).put("maxRateKeys", maxRateKeys);
  }

  /** Reads limits written by {@link #toJson()}; missing fields take their default. */
  public static Limits fromJson(JsonObject json) {
    Limits d = DEFAULTS;
    return new Limits(
        json.getInteger("maxFrameBytes", d.maxFrameBytes), json.getInteger("maxOpComponents", d.maxOpComponents),
        json.getInteger("maxDocBytes", d.maxDocBytes), json.getInteger("opsPerSecond", d.opsPerSecond),
        json.getInteger("opsBurst", d.opsBurst), json.getInteger("maxSubscriptions", d.maxSubscriptions),
        json.getInteger("maxOutboundBytes", d.maxOutboundBytes),
        json.getInteger("maxErrorsPerMinute", d.maxErrorsPerMinute),
        json.getInteger("snapshotEvery", d.snapshotEvery), json.getInteger("retainOps", d.retainOps),
        json.getInteger("maxSubmitRetries", d.maxSubmitRetries),
        json.getInteger("maxQueuedPerDoc", d.maxQueuedPerDoc), json.getInteger("maxQueueWaitMs", d.maxQueueWaitMs),
        json.getInteger("maxQueuedBytesPerDoc", d.maxQueuedBytesPerDoc),
        json.getInteger("maxHistoryBytes", d.maxHistoryBytes), json.getInteger("maxSourcesPerDoc", d.maxSourcesPerDoc),
        json.getInteger("maxPageOps", d.maxPageOps), json.getInteger("maxPageBytes", d.maxPageBytes),
        json.getInteger("httpOpsPerSecond", d.httpOpsPerSecond), json.getInteger("httpOpsBurst", d.httpOpsBurst),
        json.getInteger("maxRateKeys", d.maxRateKeys));
  }
}
