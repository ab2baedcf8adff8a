package io.lockstep.bench.load;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * crdt edits of one hot counter: every op is {@code [{"p":["hits"],"inc":1}]}, the worst case for a
 * CRDT document (every writer changes the same field). There is no length to track.
 */
final class CrdtCounterEdits implements Edits {
  private static final List<Object> INCREMENT = List.of(Map.of("p", List.of("hits"), "inc", 1));

  @Override
  public String type() {
    return "crdt";
  }

  @Override
  public Object initialData() {
    return Map.of();
  }

  @Override
  public int lengthOf(Object data) {
    return 0;
  }

  @Override
  public List<Object> next(SplittableRandom random, int length) {
    return INCREMENT;
  }

  @Override
  public int delta(Object wireOp) {
    return 0;
  }
}
