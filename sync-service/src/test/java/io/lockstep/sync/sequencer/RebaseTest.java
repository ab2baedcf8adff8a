package io.lockstep.sync.sequencer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockstep.common.engine.ops.Creation;
import io.lockstep.common.engine.ops.StoredOp;
import io.lockstep.common.ot.OtType;
import io.lockstep.common.protocol.LockstepException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The I/O-free rebase: no store, no Vert.x. */
class RebaseTest {
  private static final OtType<Object, Object> TEXT = TypedSnapshots.otType("text-unicode");

  private static RecentOp committed(long v, String src, long seq, List<Object> op) {
    return new RecentOp(StoredOp.edit("d", v, src, seq, op, 0), TEXT.parseOp(op));
  }

  @Test
  void submittedOpIsTransformedOverEveryOpCommittedAfterItsBase() {
    List<RecentOp> history = List.of(committed(2, "b", 1, List.of("xx")), committed(3, "c", 1, List.of(1, "y")));
    Rebase.Outcome outcome = Rebase.over(TEXT, TEXT.parseOp(List.of(1, "Z")), "a", 1, history);
    assertThat(outcome).isInstanceOf(Rebase.Rebased.class);
    // "xx" at 0 moves Z from 1 to 3; "y" at 1 (inside "xx") is before it, so Z ends at 4.
    assertThat(TEXT.writeOp(((Rebase.Rebased) outcome).op())).isEqualTo(List.of(4, "Z"));
  }

  @Test
  void submittedOpWinsTiesAsTheLeftSide() {
    List<RecentOp> history = List.of(committed(2, "b", 1, List.of(1, "B")));
    Rebase.Rebased rebased = (Rebase.Rebased) Rebase.over(TEXT, TEXT.parseOp(List.of(1, "A")), "a", 1, history);
    assertThat(TEXT.writeOp(rebased.op())).isEqualTo(List.of(1, "A"));
  }

  @Test
  void opWhoseSrcAndSeqAreInTheHistoryIsAlreadyCommitted() {
    List<RecentOp> history = List.of(committed(2, "b", 1, List.of("x")), committed(3, "a", 7, List.of("y")));
    assertThat(Rebase.over(TEXT, TEXT.parseOp(List.of("y")), "a", 7, history))
        .isEqualTo(new Rebase.AlreadyCommitted(3));
  }

  @Test
  void opsWithoutSrcAreNeverTakenForResubmissions() {
    List<RecentOp> history = List.of(new RecentOp(StoredOp.edit("d", 2, null, 0, List.of("x"), 0), TEXT.parseOp(List.of("x"))));
    assertThat(Rebase.over(TEXT, TEXT.parseOp(List.of("y")), null, 0, history)).isInstanceOf(Rebase.Rebased.class);
  }

  @Test
  void opMadeBeforeTheDocumentWasRecreatedIsAConflict() {
    List<RecentOp> history = List.of(new RecentOp(
        StoredOp.creation("d", 2, "b", 1, new Creation("text-unicode", "new"), 0), null));
    assertThatThrownBy(() -> Rebase.over(TEXT, TEXT.parseOp(List.of("y")), "a", 1, history))
        .isInstanceOf(LockstepException.class).hasMessageContaining("re-created");
  }
}
