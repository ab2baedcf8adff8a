package io.lockstep.sync.sequencer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.quicktheories.core.Gen;
import org.quicktheories.impl.Constraint;

/**
 * Generated runs of concurrent text edits, all made against version 1 of a document created as
 * {@link #INITIAL}, so each is rebased over the ones before it: inserts and deletes from up to four
 * sources, with resubmissions of earlier edits and edits that do not apply mixed in.
 */
final class ConcurrentEdits {
  static final String INITIAL = "abcdef";

  private ConcurrentEdits() {}

  /** One edit against version 1, from {@code src} as its {@code seq}-th op. */
  record Edit(String src, long seq, List<Object> op) {
    SubmittedOp on(String doc) {
      return SubmittedOp.edit(doc, 1, src, seq, op, 16);
    }
  }

  /** Runs of {@code min} to {@code max} edits. */
  static Gen<List<Edit>> runs(int min, int max) {
    return in -> {
      int count = (int) in.next(Constraint.between(min, max));
      Map<String, Long> seqs = new HashMap<>();
      List<Edit> run = new ArrayList<>();
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
          op = pos == 0 ? List.of("ins" + i) : List.of(pos, "ins" + i);
        } else {
          int length = (int) in.next(Constraint.between(1, INITIAL.length() - pos));
          op = pos == 0 ? List.of(Map.of("d", length)) : List.of(pos, Map.of("d", length));
        }
        run.add(new Edit(src, seq, op));
      }
      return run;
    };
  }
}
