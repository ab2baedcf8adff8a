package io.lockstep.bench.jmh;

import io.lockstep.common.ot.OtType;
import io.lockstep.common.ot.Side;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Transform cost of the ops a server rebases on every commit: a keystroke over a concurrent
 * keystroke in the same paragraph (the hot-document case), and a multi-component edit over another.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TransformBench {
  private OtType<Object, Object> json0;
  private OtType<Object, Object> text;
  private Object json0Key;
  private Object json0OtherKey;
  private Object json0Edit;
  private Object json0OtherEdit;
  private Object textInsert;
  private Object textOtherInsert;
  private Object textDelete;

  @Setup
  public void setUp() {
    json0 = Ops.type("json0");
    text = Ops.type("text-unicode");
    Map<String, Object> note = BenchDocuments.note();
    json0Key = json0.parseOp(Ops.json0Keystroke(7, 150, "k"));
    json0OtherKey = json0.parseOp(Ops.json0Keystroke(7, 120, "j"));
    json0Edit = json0.parseOp(Ops.json0Edit(note, 7, 100));
    json0OtherEdit = json0.parseOp(Ops.json0Edit(note, 7, 40));
    textInsert = text.parseOp(Ops.textInsert(5_000, "k"));
    textOtherInsert = text.parseOp(Ops.textInsert(4_000, "j"));
    textDelete = text.parseOp(Ops.textDelete(4_990, 20));
  }

  @Benchmark
  public Object json0KeystrokeOverKeystroke() {
    return json0.transform(json0Key, json0OtherKey, Side.LEFT);
  }

  @Benchmark
  public Object json0EditOverEdit() {
    return json0.transform(json0Edit, json0OtherEdit, Side.LEFT);
  }

  @Benchmark
  public Object textInsertOverInsert() {
    return text.transform(textInsert, textOtherInsert, Side.LEFT);
  }

  @Benchmark
  public Object textInsertOverOverlappingDelete() {
    return text.transform(textInsert, textDelete, Side.LEFT);
  }
}
