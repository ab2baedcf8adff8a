package io.lockstep.bench.jmh;

import io.lockstep.common.ot.OtType;
import java.util.List;
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
 * Apply cost on a ~10 KB document, and the parse that precedes every apply on the server. json0
 * copies along the op's path (inputs are never mutated), text-unicode rebuilds the string.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ApplyBench {
  private OtType<Object, Object> json0;
  private OtType<Object, Object> text;
  private Object note;
  private Object textDoc;
  private List<Object> json0KeyWire;
  private Object json0Key;
  private Object json0Edit;
  private Object textInsert;
  private Object textDelete;

  @Setup
  public void setUp() {
    json0 = Ops.type("json0");
    text = Ops.type("text-unicode");
    Map<String, Object> noteJson = BenchDocuments.note();
    note = json0.create(noteJson);
    textDoc = text.create(BenchDocuments.text());
    json0KeyWire = Ops.json0Keystroke(7, 150, "k");
    json0Key = json0.parseOp(json0KeyWire);
    json0Edit = json0.parseOp(Ops.json0Edit(noteJson, 7, 100));
    textInsert = text.parseOp(Ops.textInsert(5_000, "k"));
    textDelete = text.parseOp(Ops.textDelete(4_990, 20));
  }

  @Benchmark
  public Object json0Keystroke() {
    return json0.apply(note, json0Key);
  }

  @Benchmark
  public Object json0ParseAndApplyKeystroke() {
    return json0.apply(note, json0.parseOp(json0KeyWire));
  }

  @Benchmark
  public Object json0MultiComponentEdit() {
    return json0.apply(note, json0Edit);
  }

  @Benchmark
  public Object textInsert() {
    return text.apply(textDoc, textInsert);
  }

  @Benchmark
  public Object textDelete() {
    return text.apply(textDoc, textDelete);
  }
}
