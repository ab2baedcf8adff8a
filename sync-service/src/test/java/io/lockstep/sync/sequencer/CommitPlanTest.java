package io.lockstep.sync.sequencer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockstep.common.config.Limits;
import io.lockstep.common.engine.ops.Creation;
import io.lockstep.common.engine.ops.Snapshot;
import io.lockstep.common.engine.ops.StoredOp;
import io.lockstep.common.protocol.ErrorCode;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The plan step of the submit pipeline, with no store, no event loop and no Vert.x instance: a
 * {@link DocState} built from committed ops, and the plan's answers read directly.
 */
class CommitPlanTest {
  /** Snapshots every 5 ops. */
  private static final Limits LIMITS = new Limits(256 * 1024, 2_000, 1_000, 200, 400, 1_000,
      4 * 1024 * 1024, 120, 5, 10_000, 3, 1_000, 60_000, 8 << 20);
  private static final String DOC = "plan/1";

  /** "abc" created by c/1 at version 1, then "X" inserted at 0 by b/1 at version 2: the document is "Xabc". */
  private static DocState textDoc() {
    DocState state = DocState.from(Snapshot.missing(DOC), 100);
    state.applyCommitted(StoredOp.creation(DOC, 1, "c", 1, new Creation("text-unicode", "abc"), 0));
    state.applyCommitted(StoredOp.edit(DOC, 2, "b", 1, List.of("X"), 0));
    return state;
  }

  private static QueuedOp edit(long base, String src, long seq, Object op) {
    return new QueuedOp(SubmittedOp.edit(DOC, base, src, seq, op, 8), Promise.promise(), 0);
  }

  private static QueuedOp create(String type, Object data, String src, long seq) {
    return new QueuedOp(SubmittedOp.create(DOC, type, data, src, seq), Promise.promise(), 0);
  }

  private static QueuedOp delete(String src, long seq) {
    return new QueuedOp(SubmittedOp.delete(DOC, src, seq), Promise.promise(), 0);
  }

  private static CommitPlan lead(DocState state, QueuedOp op) {
    CommitPlan plan = new CommitPlan(state, LIMITS);
    plan.lead(op, state.since(op.op().baseV()));
    return plan;
  }

  private static ErrorCode refusal(CommitPlan.Answer answer) {
    assertThat(answer).isInstanceOf(CommitPlan.Refused.class);
    return ((CommitPlan.Refused) answer).error().code();
  }

  @Test
  void aLoneOpIsRebasedOverTheHistorySinceItsBaseAndTakesTheNextVersion() {
    DocState state = textDoc();
    CommitPlan plan = lead(state, edit(1, "a", 1, List.of(3, "!")));

    assertThat(plan.answers()).singleElement().isInstanceOf(CommitPlan.Planned.class);
    StoredOp op = plan.storedOps().get(0);
    assertThat(op.v()).isEqualTo(3);
    // "X" at 0 (version 2) moves the insert at 3 to 4.
    assertThat(op.op()).isEqualTo(List.of(4, "!"));
    assertThat(op.src()).isEqualTo("a");
    assertThat(op.seq()).isEqualTo(1);
  }

  @Test
  void joinedOpsAreRebasedOverThePlansEarlierOpsAndTakeConsecutiveVersions() {
    DocState state = textDoc();
    CommitPlan plan = lead(state, edit(2, "a", 1, List.of("1")));
    assertThat(plan.join(edit(2, "b", 2, List.of("2")))).isTrue();
    assertThat(plan.join(edit(1, "c", 2, List.of(1, "3")))).isTrue();

    assertThat(plan.storedOps()).extracting(StoredOp::v).containsExactly(3L, 4L, 5L);
    // The later insert at 0 goes before the earlier one (the submitted op is the left side).
    assertThat(plan.storedOps().get(1).op()).isEqualTo(List.of("2"));
    plan.committed(plan.snapshotAfter());
    assertThat(state.v()).isEqualTo(5);
    assertThat(state.toSnapshot().data()).isEqualTo("21Xa3bc");
  }

  @Test
  void resubmissionsAreKnownWithTheirOriginalVersionAndCommitNothing() {
    DocState state = textDoc();
    CommitPlan plan = lead(state, edit(1, "b", 1, List.of("X")));
    assertThat(plan.join(edit(2, "a", 1, List.of("Y")))).isTrue();
    assertThat(plan.join(edit(2, "a", 1, List.of("Y")))).isFalse();

    assertThat(plan.answers().get(0)).isEqualTo(new CommitPlan.Known(plan.answers().get(0).item(), 2));
    assertThat(plan.storedOps()).extracting(StoredOp::v).containsExactly(3L);
  }

  @Test
  void anOpThatDoesNotApplyIsRefusedAndTheNextOneTakesItsPlace() {
    DocState state = textDoc();
    CommitPlan plan = lead(state, edit(2, "a", 1, List.of(99, "!")));
    assertThat(plan.join(edit(2, "b", 2, List.of("ok")))).isTrue();

    assertThat(refusal(plan.answers().get(0))).isEqualTo(ErrorCode.INVALID_OP);
    assertThat(plan.storedOps()).extracting(StoredOp::v).containsExactly(3L);
  }

  @Test
  void theLeadIsRefusedWhenTheDocumentIsMissingTheOpIsAheadOrItsHistoryIsGone() {
    DocState missing = DocState.from(Snapshot.missing(DOC), 100);
    assertThat(refusal(lead(missing, edit(0, "a", 1, List.of("x"))).answers().get(0))).isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(refusal(lead(textDoc(), edit(9, "a", 1, List.of("x"))).answers().get(0))).isEqualTo(ErrorCode.VERSION_AHEAD);

    CommitPlan trimmed = new CommitPlan(textDoc(), LIMITS);
    trimmed.lead(edit(1, "a", 1, List.of("x")), History.TRIMMED);
    assertThat(refusal(trimmed.answers().get(0))).isEqualTo(ErrorCode.CONFLICT);
    assertThat(trimmed.storedOps()).isEmpty();
    assertThat(trimmed.snapshotAfter()).isEmpty();
  }

  @Test
  void anOpJoinsOnlyWhatItCanBeDecidedWithFromMemory() {
    DocState state = DocState.from(new Snapshot(DOC, 5, "text-unicode", "abc"), 100);
    CommitPlan plan = lead(state, edit(5, "a", 2, List.of("x")));

    assertThat(plan.join(edit(4, "b", 1, List.of("y")))).as("base older than memory").isFalse();
    assertThat(plan.join(edit(5, "a", 1, List.of("y")))).as("earlier seq of a source already planned").isFalse();
    assertThat(plan.join(edit(6, "b", 1, List.of("y")))).as("base ahead").isFalse();
    assertThat(plan.join(create("json0", Map.of(), "b", 1))).as("a creation").isFalse();
    assertThat(plan.answers()).hasSize(1);
  }

  @Test
  void aPlanHoldsAtMostMaxOpsOps() {
    DocState state = textDoc();
    CommitPlan plan = lead(state, edit(2, "s0", 1, List.of("x")));
    int joined = 0;
    while (plan.join(edit(2, "s" + (joined + 1), 1, List.of("x")))) {
      joined++;
    }
    assertThat(plan.storedOps()).hasSize(CommitPlan.MAX_OPS);
  }

  @Test
  void aCreationIsPlannedAsVersionOneWithASnapshotAndNothingJoinsIt() {
    DocState state = DocState.from(Snapshot.missing(DOC), 100);
    CommitPlan plan = lead(state, create("json0", Map.of("n", 1), "a", 1));
    assertThat(plan.join(edit(1, "b", 1, List.of()))).isFalse();

    StoredOp creation = plan.storedOps().get(0);
    assertThat(creation.v()).isEqualTo(1);
    assertThat(creation.create()).isEqualTo(new Creation("json0", Map.of("n", 1)));
    Optional<Snapshot> snapshot = plan.snapshotAfter();
    assertThat(snapshot).contains(new Snapshot(DOC, 1, "json0", Map.of("n", 1)));
    plan.committed(snapshot);
    assertThat(state.exists()).isTrue();
    assertThat(state.toSnapshot()).isEqualTo(snapshot.get());
    assertThat(state.storedSnapshotV()).isEqualTo(1);
  }

  @Test
  void creatingAnExistingDocumentIsKnownWhenItIsTheSameCreationAndRefusedOtherwise() {
    DocState state = textDoc();
    assertThat(lead(state, create("text-unicode", "abc", "c", 1)).answers().get(0))
        .isInstanceOfSatisfying(CommitPlan.Known.class, known -> assertThat(known.v()).isEqualTo(1));
    assertThat(refusal(lead(state, create("text-unicode", "abc", "c", 2)).answers().get(0))).isEqualTo(ErrorCode.CONFLICT);
    assertThat(refusal(lead(state, create("no-such-type", "abc", "c", 3)).answers().get(0))).isEqualTo(ErrorCode.BAD_REQUEST);
    assertThat(refusal(lead(DocState.from(Snapshot.missing(DOC), 100), create("json0", "x".repeat(2_000), "c", 4))
        .answers().get(0))).isEqualTo(ErrorCode.TOO_LARGE);
  }

  @Test
  void aSnapshotGoesWithTheCommitOnceSnapshotEveryOpsHavePassed() {
    DocState state = DocState.from(new Snapshot(DOC, 10, "text-unicode", ""), 100);
    CommitPlan three = lead(state, edit(10, "a", 1, List.of("x")));
    three.join(edit(10, "a", 2, List.of("x")));
    three.join(edit(10, "a", 3, List.of("x")));
    assertThat(three.snapshotAfter()).isEmpty();

    CommitPlan five = lead(state, edit(10, "a", 1, List.of("x")));
    for (int seq = 2; seq <= 5; seq++) {
      assertThat(five.join(edit(10, "a", seq, List.of("y")))).isTrue();
    }
    assertThat(five.snapshotAfter()).contains(new Snapshot(DOC, 15, "text-unicode", "yyyyx"));
  }

  @Test
  void anOpThatGrowsTheDocumentPastItsLimitIsRefused() {
    DocState state = textDoc();
    String big = "y".repeat(1_200);
    CommitPlan plan = lead(state, new QueuedOp(SubmittedOp.edit(DOC, 2, "a", 1, List.of(big), big.length() + 4),
        Promise.promise(), 0));
    assertThat(refusal(plan.answers().get(0))).isEqualTo(ErrorCode.TOO_LARGE);
  }

  @Test
  void aPlanHasOneLeadAndJoinsOnlyAfterIt() {
    DocState state = textDoc();
    CommitPlan plan = new CommitPlan(state, LIMITS);
    assertThatThrownBy(() -> plan.join(edit(2, "a", 1, List.of("x")))).isInstanceOf(IllegalStateException.class);
    plan.lead(edit(2, "a", 1, List.of("x")), state.since(2));
    assertThatThrownBy(() -> plan.lead(edit(2, "b", 1, List.of("x")), state.since(2))).isInstanceOf(IllegalStateException.class);
    List<Long> versions = new ArrayList<>(plan.storedOps().stream().map(StoredOp::v).toList());
    assertThat(versions).containsExactly(3L);
  }

  @Test
  void aDeletionTakesTheNextVersionStoresADeletedSnapshotAndJoinsNothing() {
    DocState state = textDoc();
    CommitPlan plan = new CommitPlan(state, LIMITS);
    plan.lead(delete("d", 1), state.since(0));
    StoredOp op = plan.storedOps().get(0);
    assertThat(op.del()).isTrue();
    assertThat(op.v()).isEqualTo(3);
    assertThat(plan.join(edit(2, "a", 1, List.of("1")))).isFalse();
    Optional<Snapshot> stored = plan.snapshotAfter();
    assertThat(stored).contains(Snapshot.deleted(DOC, 3));
    plan.committed(stored);
    assertThat(state.exists()).isFalse();
    assertThat(state.v()).isEqualTo(3);
  }

  @Test
  void theSameDeletionAgainIsKnownAndAnotherOfAMissingDocumentIsNotFound() {
    DocState state = textDoc();
    CommitPlan first = new CommitPlan(state, LIMITS);
    first.lead(delete("d", 1), state.since(0));
    first.committed(first.snapshotAfter());

    CommitPlan again = new CommitPlan(state, LIMITS);
    again.lead(delete("d", 1), state.since(0));
    assertThat(again.answers()).singleElement().isEqualTo(new CommitPlan.Known(again.answers().get(0).item(), 3));
    CommitPlan other = new CommitPlan(state, LIMITS);
    other.lead(delete("d", 2), state.since(0));
    assertThat(refusal(other.answers().get(0))).isEqualTo(ErrorCode.NOT_FOUND);
    CommitPlan edit = lead(state, edit(3, "a", 1, List.of("x")));
    assertThat(refusal(edit.answers().get(0))).isEqualTo(ErrorCode.NOT_FOUND);
    CommitPlan recreate = new CommitPlan(state, LIMITS);
    recreate.lead(create("json0", java.util.Map.of(), "c", 9), state.since(0));
    assertThat(recreate.storedOps()).singleElement().extracting(StoredOp::v).isEqualTo(4L);
  }
}
