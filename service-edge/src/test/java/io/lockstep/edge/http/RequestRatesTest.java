package io.lockstep.edge.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Attacks on the HTTP rate limits: one user from many addresses, many users from one address, ever new keys. */
class RequestRatesTest {
  private static final long SECOND = 1_000_000_000L;
  private final AtomicLong now = new AtomicLong(5 * SECOND);

  @Test
  void aUserIsLimitedWhateverAddressItComesFrom() {
    RequestRates rates = new RequestRates(2, 3, 1_000, now::get);
    for (int i = 0; i < 3; i++) {
      assertThat(rates.waitFor("user:mallory", "addr:10.0.0." + i)).isZero();
    }
    long wait = rates.waitFor("user:mallory", "addr:10.0.0.99");
    assertThat(wait).as("the burst is spent: wait for one token at 2/s").isPositive().isLessThanOrEqualTo(SECOND / 2);
    now.addAndGet(wait);
    assertThat(rates.waitFor("user:mallory", "addr:10.0.0.99")).isZero();
  }

  @Test
  void anAddressIsLimitedWhateverUsersItClaims() {
    RequestRates rates = new RequestRates(1, 2, 1_000, now::get);
    assertThat(rates.waitFor("user:a", "addr:10.0.0.1")).isZero();
    assertThat(rates.waitFor("user:b", "addr:10.0.0.1")).isZero();
    assertThat(rates.waitFor("user:c", "addr:10.0.0.1")).isPositive();
    assertThat(rates.waitFor(null, "addr:10.0.0.1")).as("anonymous requests count on the address").isPositive();
    assertThat(rates.waitFor("user:c", "addr:10.0.0.2")).as("a refusal takes nothing from the others").isZero();
  }

  @Test
  void theTableOfKeysIsBoundedAndForgetsIdleKeys() {
    RequestRates rates = new RequestRates(10, 10, 50, now::get);
    for (int i = 0; i < 10_000; i++) {
      rates.waitFor("user:u" + i, "addr:" + i);
      assertThat(rates.trackedKeys()).isLessThanOrEqualTo(50);
    }
    now.addAndGet(2 * SECOND);
    rates.waitFor(null, "addr:fresh");
    assertThat(rates.trackedKeys()).as("idle keys, full again, are forgotten").isEqualTo(1);
  }
}
