package io.lockstep.sync.sequencer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import io.lockstep.common.config.Limits;
import io.lockstep.common.engine.ops.Creation;
import io.lockstep.common.engine.ops.Snapshot;
import io.lockstep.common.engine.ops.StoredOp;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The plan step alone, with no store and no Vert.x: planning N waiting ops together (the lead,
 * then every op that joins, then new plans for those that do not) answers every op exactly as N
 * plans of one committed one after the other, stores the same ops, and ends in the same document.
 * Ops are concurrent text edits made against one old version (so each is rebased over those before
 * it), with resubmissions and ops that do not apply mixed in.
 */
class CommitPlanProperties {
  private static final Limits LIMITS = new Limits(256 * 1024, 2_000, 4 * 1024 * 1024, 200, 400, 1_000,
      4 * 1024 * 1024, 120, 7, 10_000, 3, 1_000, 60_000, 8 << 20);
  private static final String DOC = "prop/plan";

  @Test
  void planningTogetherEqualsPlanningOneAtATime() {
    qt().withExamples(500).forAll(ConcurrentEdits.runs(1, 40)).checkAssert(run -> {
      Outcome together = plan(run, true);
      Outcome alone = plan(run, false);
      assertThat(together.answers()).as("answers for %s", run).isEqualTo(alone.answers());
      assertThat(together.stored()).as("stored ops for %s", run).isEqualTo(alone.stored());
      assertThat(together.document()).as("document for %s", run).isEqualTo(alone.document());
      assertThat(together.plans()).as("plans for %s", run).isLessThanOrEqualTo(alone.plans());
    });
  }

  private record Outcome(List<String> answers, List<String> stored, Snapshot document, int plans) {}

  /** Plans and "commits" (records in the state) every op of {@code run}, together or one per plan. */
  private static Outcome plan(List<ConcurrentEdits.Edit> run, boolean together) {
    DocState state = DocState.from(Snapshot.missing(DOC), 1_000);
    state.applyCommitted(StoredOp.creation(DOC, 1, "creator", 1, new Creation("text-unicode", ConcurrentEdits.INITIAL), 0));
    Map<QueuedOp, String> answers = new HashMap<>();
    List<QueuedOp> queued = run.stream().map(edit -> new QueuedOp(edit.on(DOC), Promise.promise(), 0)).toList();
    List<String> stored = new ArrayList<>();
    int plans = 0;
    int next = 0;
    while (next < queued.size()) {
      QueuedOp lead = queued.get(next++);
      CommitPlan plan = new CommitPlan(state, LIMITS);
      plan.lead(lead, state.since(lead.op().baseV()));
      while (together && next < queued.size() && plan.join(queued.get(next))) {
        next++;
      }
      plans++;
      plan.committed(plan.snapshotAfter());
      plan.storedOps().forEach(op -> stored.add(op.v() + ":" + op.src() + "/" + op.seq() + ":" + op.op()));
      for (CommitPlan.Answer answer : plan.answers()) {
        answers.put(answer.item(), describe(answer));
      }
    }
    return new Outcome(queued.stream().map(answers::get).toList(), stored, state.toSnapshot(), plans);
  }

  private static String describe(CommitPlan.Answer answer) {
    if (answer instanceof CommitPlan.Planned p) {
      return "v" + p.op().v();
    }
    if (answer instanceof CommitPlan.Known k) {
      return "v" + k.v();
    }
    return ((CommitPlan.Refused) answer).error().code().wire();
  }
}
