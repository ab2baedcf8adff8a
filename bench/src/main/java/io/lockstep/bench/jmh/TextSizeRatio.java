package io.lockstep.bench.jmh;

import io.lockstep.common.ot.OtType;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The 1 MB ÷ 2 KB edit cost ratio of {@link TextSizeBench}, measured so that a drift in the
 * machine's speed cancels out. JMH measures one size after the other, minutes apart; on a shared
 * virtual machine the host's load changes in that time by more than the difference sought. Here
 * the two sizes take turns in short rounds in one JVM (same compiled code, same moment), and the
 * ratio is taken per round.
 *
 * <p>Run: {@code taskset -c 0 java -cp bench/target/lockstep-bench.jar
 * io.lockstep.bench.jmh.TextSizeRatio [rounds]}. Prints, per edit kind, the mean time per edit of
 * each size (median over rounds, which includes GC, unlike JMH's p50) and the median and quartiles
 * of the per-round ratio.
 */
public final class TextSizeRatio {
  private static final int SMALL = 2_000;
  private static final int LARGE = 1_000_000;
  private static final int POSITIONS = 1024;
  private static final int EDITS_PER_ROUND = 200_000;
  private static final int WARMUP_ROUNDS = 20;
  /** Keeps the results alive so that the JIT cannot drop the edits. */
  private static volatile Object sink;

  private TextSizeRatio() {}

  /** One kind of edit: its type, and a document and 1,024 random edits of it per size. */
  private record Workload(String name, OtType<Object, Object> type, Object[] docs, Object[][] edits) {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
    for (Workload workload : List.of(text("text-unicode keystroke", true), text("text-unicode delete", false), json0())) {
      report(workload, measure(workload, rounds));
    }
  }

  private static Workload text(String name, boolean insert) {
    OtType<Object, Object> type = Ops.type("text-unicode");
    return workload(name, type, type::create, (body, random) -> {
      // Ops skip at least one code point (a skip of 0 is not a valid component).
      int at = 1 + random.nextInt(body.codePointCount(0, body.length()) - 1);
      return type.parseOp(insert ? Ops.textInsert(at, "k") : Ops.textDelete(at, 1));
    });
  }

  private static Workload json0() {
    OtType<Object, Object> type = Ops.type("json0");
    return workload("json0 si keystroke", type, body -> type.create(Map.of("title", "notes", "body", body)),
        (body, random) -> type.parseOp(List.of(Map.of("p", List.of("body", random.nextInt(body.length() + 1)), "si", "k"))));
  }

  /** A document of each size made by {@code document}, and 1,024 edits of it made by {@code edit}. */
  private static Workload workload(String name, OtType<Object, Object> type, Function<String, Object> document,
      BiFunction<String, SplittableRandom, Object> edit) {
    int[] sizes = {SMALL, LARGE};
    Object[] docs = new Object[2];
    Object[][] edits = new Object[2][POSITIONS];
    for (int s = 0; s < 2; s++) {
      String body = BenchDocuments.textOf(sizes[s]);
      SplittableRandom random = new SplittableRandom(42);
      for (int i = 0; i < POSITIONS; i++) {
        edits[s][i] = edit.apply(body, random);
      }
      // Start from an edited document, as a live one is (a json0 string becomes a rope at its first edit).
      docs[s] = type.apply(document.apply(body), edits[s][0]);
    }
    return new Workload(name, type, docs, edits);
  }

  /** ns per edit, [size][round], the sizes taking turns round by round. */
  private static double[][] measure(Workload workload, int rounds) {
    double[][] nanos = new double[2][rounds];
    for (int round = -WARMUP_ROUNDS; round < rounds; round++) {
      for (int s = 0; s < 2; s++) {
        Object doc = workload.docs()[s];
        Object[] edits = workload.edits()[s];
        long start = System.nanoTime();
        for (int i = 0; i < EDITS_PER_ROUND; i++) {
          sink = workload.type().apply(doc, edits[i & (POSITIONS - 1)]);
        }
        long elapsed = System.nanoTime() - start;
        if (round >= 0) {
          nanos[s][round] = (double) elapsed / EDITS_PER_ROUND;
        }
      }
    }
    return nanos;
  }

  private static void report(Workload workload, double[][] nanos) {
    int rounds = nanos[0].length;
    double[] ratios = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      ratios[r] = nanos[1][r] / nanos[0][r];
    }
    Arrays.sort(ratios);
    System.out.printf("%-24s 2 KB %4.0f ns, 1 MB %4.0f ns; ratio median %.2f (quartiles %.2f-%.2f, %d rounds)%n",
        workload.name(), median(nanos[0]), median(nanos[1]), ratios[rounds / 2], ratios[rounds / 4],
        ratios[3 * rounds / 4], rounds);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
