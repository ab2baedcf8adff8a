package io.lockstep.edge.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A quiet loop flushes in its next turn; flushes of a busy loop are spaced {@link
 * LoopFlusher#MIN_INTERVAL_NANOS} apart, so that connections marked in between share one later
 * flush. The clock is the test's, so the outcome does not depend on how busy the machine is.
 */
class LoopFlusherTest {
  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  /** Records the flush round it was flushed in. */
  private static final class Recorder implements LoopFlusher.Flushable {
    final List<Integer> rounds;
    final int[] round;

    Recorder(List<Integer> rounds, int[] round) {
      this.rounds = rounds;
      this.round = round;
    }

    @Override
    public void flush() {
      rounds.add(round[0]);
    }

    @Override
    public void abandon() {}
  }

  @Test
  void aQuietLoopFlushesInTheNextTurnAndABusyOneWaitsForTheInterval() {
    Context context = vertx.getOrCreateContext();
    AtomicLong clock = new AtomicLong(1_000_000_000L);
    List<String> seen = new ArrayList<>();
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      List<Integer> rounds = new ArrayList<>();
      int[] round = {1};
      LoopFlusher flusher = new LoopFlusher(context, clock::get);
      Recorder first = new Recorder(rounds, round);
      flusher.markDirty(first);
      // Tasks of one context run in order: the flush, queued first, has run before this.
      context.runOnContext(v1 -> {
        seen.add("quiet loop flushed in the next turn: " + rounds);
        round[0] = 2;
        Recorder second = new Recorder(rounds, round);
        Recorder third = new Recorder(rounds, round);
        flusher.markDirty(second); // right after a flush: waits for the interval
        context.runOnContext(v2 -> {
          seen.add("busy loop before the interval: " + rounds);
          flusher.markDirty(third); // joins the pending flush
          clock.addAndGet(LoopFlusher.MIN_INTERVAL_NANOS);
          vertx.setTimer(100, id -> {
            seen.add("after the interval: " + rounds);
            done.complete();
          });
        });
      });
    });
    done.future().await();
    assertThat(seen).containsExactly(
        "quiet loop flushed in the next turn: [1]",
        "busy loop before the interval: [1]",
        "after the interval: [1, 2, 2]");
  }
}
