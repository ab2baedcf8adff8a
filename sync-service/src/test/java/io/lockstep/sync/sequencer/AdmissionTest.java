package io.lockstep.sync.sequencer;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.common.config.Limits;
import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.LockstepException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The rules of per-document admission, without a server: queue length, bytes, expected wait, and shed sources. */
class AdmissionTest {
  private static final Limits LIMITS = new Limits(256 * 1024, 2_000, 4 * 1024 * 1024, 200, 400, 1_000,
      4 * 1024 * 1024, 120, 5, 10_000, 3, 100, 50, 10_000);

  @Test
  void anIdleDocumentAdmitsAndAFullQueueOrTooManyBytesDoNot() {
    Admission admission = new Admission(LIMITS);
    assertThat(admission.check(op("a", 1, 10), 0, 0, NONE)).isEmpty();
    assertShed(admission.check(op("b", 1, 10), 100, 0, NONE));
    assertShed(admission.check(op("c", 1, 10), 1, 9_995, NONE));
  }

  @Test
  void anOpIsShedWhenItWouldWaitLongerThanTheBoundButNeverBehindAShortQueue() {
    Admission admission = new Admission(LIMITS);
    for (int i = 0; i < 40; i++) {
      admission.drained(10_000_000, 1); // 10 ms an op
    }
    assertThat(admission.check(op("a", 1, 10), Admission.MIN_QUEUE_FOR_WAIT - 1, 0, NONE)).as("short queue").isEmpty();
    assertThat(admission.check(op("b", 1, 10), 5, 0, NONE)).isEmpty();
    Optional<LockstepException> shed = admission.check(op("c", 1, 10), 20, 0, NONE);
    assertShed(shed);
    assertThat(shed.get().retryMs().getAsLong()).as("about the time the queue ahead takes").isBetween(150L, 250L);
  }

  @Test
  void theRetryHintIsAtLeastTheWaitBoundAndAtMostFiveSeconds() {
    Admission admission = new Admission(LIMITS);
    assertThat(admission.retryMs(10)).isEqualTo(50);
    for (int i = 0; i < 40; i++) {
      admission.drained(8_000_000_000L, 1);
    }
    assertThat(admission.retryMs(500)).isEqualTo(Admission.MAX_RETRY_MS);
  }

  @Test
  void oneSlowDrainDoesNotMakeAFreshDocumentShed() {
    Admission admission = new Admission(LIMITS);
    admission.drained(300_000_000, 1); // a cold first drain: 300 ms
    assertThat(admission.check(op("a", 1, 10), Admission.MIN_QUEUE_FOR_WAIT, 0, NONE)).isEmpty();
  }

  @Test
  void laterOpsOfAShedSourceAreShedUntilTheShedOneIsResent() {
    Admission admission = new Admission(LIMITS);
    assertShed(admission.check(op("p", 7, 10), 100, 0, NONE));
    assertShed(admission.check(op("p", 8, 10), 0, 0, NONE));
    assertThat(admission.check(op("other", 1, 10), 0, 0, NONE)).isEmpty();
    assertThat(admission.check(op("p", 7, 10), 0, 0, NONE)).as("the resend").isEmpty();
    assertThat(admission.check(op("p", 8, 10), 0, 0, NONE)).isEmpty();
  }

  @Test
  void aShedSourceWhoseOpTurnsOutCommittedIsNotHeldBack() {
    Admission admission = new Admission(LIMITS);
    // A resend of seq 7 is shed, but seq 7 had committed before: its client moves on to seq 8.
    assertShed(admission.check(op("p", 7, 10), 100, 0, NONE));
    assertShed(admission.check(op("p", 8, 10), 0, 0, NONE));
    assertThat(admission.check(op("p", 8, 10), 0, 0, (src, seq) -> src.equals("p") && seq <= 7))
        .as("seq 7 is in the history").isEmpty();
    assertThat(admission.check(op("p", 9, 10), 0, 0, NONE)).as("the mark is gone").isEmpty();
  }

  private static void assertShed(Optional<LockstepException> refusal) {
    assertThat(refusal).isPresent();
    assertThat(refusal.get().code()).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(refusal.get().retryMs()).isPresent();
  }

  private static final ShedSources.Committed NONE = (src, seq) -> false;

  private static SubmittedOp op(String src, long seq, int bytes) {
    return SubmittedOp.edit("d", 1, src, seq, List.of("x"), bytes);
  }
}
