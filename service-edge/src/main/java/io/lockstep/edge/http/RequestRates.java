package io.lockstep.edge.http;

import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.LockstepException;
import io.vertx.ext.web.RoutingContext;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Node-wide rate limits of HTTP requests that submit work (ops, published events): one token bucket
 * per user (token {@code sub}) and one per client address, each {@code burst} at once, refilled at
 * {@code perSecond}. A request needs a token from both.
 *
 * <p>Bounded memory: at most {@code maxKeys} buckets, kept in order of last use; a bucket idle long
 * enough to be full again is forgotten (it would start full anyway), and past {@code maxKeys} the
 * least recently used goes first. Shared by every event loop of the node: each call is a short
 * critical section with no I/O.
 */
public final class RequestRates {
  private final double perNano;
  private final double burst;
  private final int maxKeys;
  private final long refillNanos;
  private final LongSupplier nanoClock;
  private final LinkedHashMap<String, Bucket> buckets = new LinkedHashMap<>(16, 0.75f, true);

  /**
   * @param perSecond sustained requests per second per key, at least 1
   * @param burst requests a key may make at once, at least 1
   * @param maxKeys buckets kept at most, at least 1
   * @param nanoClock monotonic time ({@code System::nanoTime})
   */
  public RequestRates(int perSecond, int burst, int maxKeys, LongSupplier nanoClock) {
    if (perSecond < 1 || burst < 1 || maxKeys < 1) {
      throw new IllegalArgumentException("rates need perSecond, burst and maxKeys >= 1");
    }
    this.perNano = perSecond / 1e9;
    this.burst = burst;
    this.maxKeys = maxKeys;
    this.refillNanos = (long) Math.ceil(burst / perNano);
    this.nanoClock = nanoClock;
  }

  /**
   * Takes a token for the request's user (when it has one) and its client address, or throws
   * {@code rate_limited} after setting {@code Retry-After} (whole seconds) on the response.
   */
  public void take(RoutingContext ctx, String userOrNull) {
    String address = ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().host();
    long waitNanos = waitFor(userOrNull == null ? null : "user:" + userOrNull, "addr:" + address);
    if (waitNanos > 0) {
      ctx.response().putHeader("retry-after", Long.toString(Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L)));
      throw new LockstepException(ErrorCode.RATE_LIMITED, "too many requests; retry after the time in Retry-After");
    }
  }

  /** Takes a token from each key's bucket when all have one: 0; otherwise nothing is taken and the wait in ns. */
  synchronized long waitFor(String userKeyOrNull, String addressKey) {
    long now = nanoClock.getAsLong();
    forgetIdle(now);
    Bucket address = bucket(addressKey, now);
    Bucket user = userKeyOrNull == null ? null : bucket(userKeyOrNull, now);
    long wait = Math.max(address.waitNanos(), user == null ? 0 : user.waitNanos());
    if (wait > 0) {
      return wait;
    }
    address.tokens -= 1;
    if (user != null) {
      user.tokens -= 1;
    }
    return 0;
  }

  /** How many keys are tracked (for tests of the bound). */
  synchronized int trackedKeys() {
    return buckets.size();
  }

  private Bucket bucket(String key, long now) {
    Bucket bucket = buckets.get(key);
    if (bucket == null) {
      bucket = new Bucket(burst, now);
      buckets.put(key, bucket);
      Iterator<Bucket> eldest = buckets.values().iterator();
      while (buckets.size() > maxKeys) {
        eldest.next();
        eldest.remove();
      }
    }
    bucket.refill(now);
    return bucket;
  }

  /** Drops the least recently used buckets that have been idle long enough to be full again. */
  private void forgetIdle(long now) {
    Iterator<Map.Entry<String, Bucket>> eldest = buckets.entrySet().iterator();
    while (eldest.hasNext()) {
      if (now - eldest.next().getValue().lastNanos < refillNanos) {
        return;
      }
      eldest.remove();
    }
  }

  private final class Bucket {
    double tokens;
    long lastNanos;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.lastNanos = now;
    }

    void refill(long now) {
      tokens = Math.min(burst, tokens + (now - lastNanos) * perNano);
      lastNanos = now;
    }

    long waitNanos() {
      return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / perNano);
    }
  }
}
