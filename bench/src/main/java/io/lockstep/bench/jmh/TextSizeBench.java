package io.lockstep.bench.jmh;

import io.lockstep.common.ot.OtType;
import io.vertx.core.json.Json;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Whether an edit's cost grows with the document: one keystroke (insert one character, or delete
 * one code point) applied at a random position of a text-unicode document, and of a json0 string,
 * of 2 KB, 100 KB and 1 MB. The target is 1 MB within 1.5x of 2 KB. Every call applies to the
 * same document (snapshots are immutable), cycling through 1,024 precomputed positions so that
 * no one path stays in cache.
 *
 * <p>{@code textTyping} is the same keystroke as people make it: {@value #CURSORS} cursors spread
 * over the document, taking turns, each typing at the position after its previous keystroke. The
 * random positions above are the worst case, where every edit finds its chunk of text out of the
 * CPU's caches; typing finds the few chunks under the cursors in cache, and what is left is the
 * cost of the structure itself.
 *
 * <p>JMH runs one size after the other; {@link TextSizeRatio} measures the same ratio with the
 * sizes taking turns, which a drift in a shared machine's speed does not skew.
 *
 * <p>The snapshot benchmarks measure what storing or sending a snapshot costs after an edit: the
 * new version flattened to its JSON value ({@code writeSnapshot}) and encoded to bytes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TextSizeBench {
  private static final int POSITIONS = 1024;
  private static final int CURSORS = 8;
  /** Keystrokes a cursor types before it starts again where it began, so that it stays in its paragraph. */
  private static final int TYPED_PER_CURSOR = 128;

  @Param({"2000", "100000", "1000000"})
  public int size;

  private OtType<Object, Object> text;
  private OtType<Object, Object> json0;
  private Object textDoc;
  private Object json0Doc;
  private final Object[] textInserts = new Object[POSITIONS];
  private final Object[] textDeletes = new Object[POSITIONS];
  private final Object[] json0Inserts = new Object[POSITIONS];
  private final Object[] typed = new Object[CURSORS * TYPED_PER_CURSOR];
  private int next;
  private int nextTyped;

  @Setup
  public void setUp() {
    text = Ops.type("text-unicode");
    json0 = Ops.type("json0");
    String body = BenchDocuments.textOf(size);
    textDoc = text.create(body);
    json0Doc = json0.create(Map.of("title", "notes", "body", body));
    int codePoints = body.codePointCount(0, body.length());
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < POSITIONS; i++) {
      textInserts[i] = text.parseOp(Ops.textInsert(random.nextInt(codePoints + 1), "k"));
      textDeletes[i] = text.parseOp(Ops.textDelete(random.nextInt(codePoints), 1));
      int at = random.nextInt(body.length() + 1);
      json0Inserts[i] = json0.parseOp(List.of(Map.of("p", List.of("body", at), "si", "k")));
    }
    for (int c = 0; c < CURSORS; c++) {
      int start = (int) ((long) (codePoints - TYPED_PER_CURSOR) * c / CURSORS) + 1;
      for (int k = 0; k < TYPED_PER_CURSOR; k++) {
        // Turns interleave: cursor c's k-th keystroke sits at k * CURSORS + c.
        typed[k * CURSORS + c] = text.parseOp(Ops.textInsert(start + k, "k"));
      }
    }
    // A json0 string becomes a rope at its first edit: start from an edited document, as a live one is.
    json0Doc = json0.apply(json0Doc, json0Inserts[0]);
  }

  private int position() {
    int i = next;
    next = (i + 1) & (POSITIONS - 1);
    return i;
  }

  @Benchmark
  public Object textKeystroke() {
    return text.apply(textDoc, textInserts[position()]);
  }

  @Benchmark
  public Object textTyping() {
    int i = nextTyped;
    nextTyped = (i + 1) % typed.length;
    return text.apply(textDoc, typed[i]);
  }

  @Benchmark
  public Object textDeleteOne() {
    return text.apply(textDoc, textDeletes[position()]);
  }

  @Benchmark
  public Object json0Keystroke() {
    return json0.apply(json0Doc, json0Inserts[position()]);
  }

  @Benchmark
  public int textSnapshotEncode() {
    return Json.encodeToBuffer(text.writeSnapshot(text.apply(textDoc, textInserts[position()]))).length();
  }

  @Benchmark
  public int json0SnapshotEncode() {
    return Json.encodeToBuffer(json0.writeSnapshot(json0.apply(json0Doc, json0Inserts[position()]))).length();
  }
}
