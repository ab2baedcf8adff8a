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
import org.quicktheories.core.Gen;
import org.quicktheories.impl.Constraint;

/**
 * The plan step alone, with no store and no Vert.x: planning N waiting ops together (the lead,
 * then every op that joins, then new plans for those that do not) answers every op exactly as N
 * plans of one committed one after the other, stores the same ops, and ends in the same document.
 * Ops are concurrent text edits made against one old version (so each is rebased over those before
 * it), with resubmissions and ops that do not apply mixed in.
 */
class CommitPlanProperties {
  private static final Limits LIMITS = new Limits(256 * 1024, 2_000, 4 * 1024 * 1024, 200, 400, 1_000,
      4 * 1024 * 1024, 120, 7, 10_000, 3, 1_000);
  private static final String DOC = "prop/plan";
  private static final String INITIAL = "abcdef";

  @Test
  void planningTogetherEqualsPlanningOneAtATime() {
    qt().withExamples(500).forAll(runs()).checkAssert(run -> {
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
  private static Outcome plan(List<SubmittedOp> run, boolean together) {
    DocState state = DocState.from(Snapshot.missing(DOC), 1_000);
    state.applyCommitted(StoredOp.creation(DOC, 1, "creator", 1, new Creation("text-unicode", INITIAL), 0));
    Map<QueuedOp, String> answers = new HashMap<>();
    List<QueuedOp> queued = run.stream().map(op -> new QueuedOp(op, Promise.promise(), 0)).toList();
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

  /** 1 to 40 ops against version 1 from up to four sources: inserts, deletes, resubmissions, invalid ops. */
  private static Gen<List<SubmittedOp>> runs() {
    return in -> {
      int count = (int) in.next(Constraint.between(1, 40));
      Map<String, Long> seqs = new HashMap<>();
      List<SubmittedOp> run = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int kind = (int) in.next(Constraint.between(0, 9));
        if (kind == 0 && !run.isEmpty()) {
          run.add(run.get((int) in.next(Constraint.between(0, run.size() - 1))));
          continue;
        }
        String src = "c" + in.next(Constraint.between(0, 3));
        long seq = seqs.merge(src, 1L, Long::sum);
        int pos = (int) in.next(Constraint.between(0, INITIAL.length()));
        List<Object> op;
        if (kind == 1) {
          op = List.of(INITIAL.length() + 5, "!");
        } else if (kind <= 5 || pos == INITIAL.length()) {
          op = pos == 0 ? List.of("i" + i) : List.of(pos, "i" + i);
        } else {
          int length = (int) in.next(Constraint.between(1, INITIAL.length() - pos));
          op = pos == 0 ? List.of(Map.of("d", length)) : List.of(pos, Map.of("d", length));
        }
        run.add(SubmittedOp.edit(DOC, 1, src, seq, op, 16));
      }
      return run;
    };
  }
}
