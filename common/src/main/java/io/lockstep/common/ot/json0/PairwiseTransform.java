package io.lockstep.common.ot.json0;

import io.lockstep.common.ot.Side;
import java.util.ArrayList;
import java.util.List;

/**
 * Transform of whole ops built from a transform of single components, for types whose ops are lists
 * of components (json0 and its {@code text0} subtype; the reference calls this "bootstrap
 * transform"). Every component of one op is transformed against every component of the other:
 *
 * <pre>
 *   left  op:  l0  l1  l2            for each right component r:
 *   right op:  r0  r1                  r passes l0, l1, l2 in turn; each l is transformed by r
 *                                      (as LEFT) and r by that l (as RIGHT).
 *                                      r may vanish (the rest of the left op is kept as it is) or
 *                                      split in two or more (the rest of the left op is then
 *                                      transformed against the pieces, recursively).
 * </pre>
 *
 * Components are gathered with the type's merging append, so results come out merged the way the
 * reference merges them.
 *
 * @param <C> the component type
 */
final class PairwiseTransform<C> {

  /** Appends to {@code dest} what {@code c} becomes after {@code other}; {@code side} LEFT wins ties. */
  interface ComponentTransform<C> {
    void transform(List<C> dest, C c, C other, Side side);
  }

  /** Appends {@code c} to {@code dest}, merging it with the last component where the type does. */
  interface Appender<C> {
    void append(List<C> dest, C c);
  }

  private final ComponentTransform<C> componentTransform;
  private final Appender<C> appender;

  PairwiseTransform(ComponentTransform<C> componentTransform, Appender<C> appender) {
    this.componentTransform = componentTransform;
    this.appender = appender;
  }

  /** {@code op} rewritten to apply after {@code other}. */
  List<C> transform(List<C> op, List<C> other, Side side) {
    if (other.isEmpty()) {
      return op;
    }
    if (op.size() == 1 && other.size() == 1) {
      List<C> dest = new ArrayList<>();
      componentTransform.transform(dest, op.get(0), other.get(0), side);
      return dest;
    }
    return side == Side.LEFT ? both(op, other).left : both(other, op).right;
  }

  private record Pair<C>(List<C> left, List<C> right) {}

  /** Both ops transformed against each other: {@code left} wins ties. */
  private Pair<C> both(List<C> leftOp, List<C> rightOp) {
    List<C> left = leftOp;
    List<C> newRight = new ArrayList<>();
    for (C rightComponent : rightOp) {
      List<C> newLeft = new ArrayList<>();
      C r = rightComponent;
      for (int k = 0; k < left.size() && r != null; k++) {
        List<C> pieces = new ArrayList<>();
        componentTransform.transform(newLeft, left.get(k), r, Side.LEFT);
        componentTransform.transform(pieces, r, left.get(k), Side.RIGHT);
        List<C> rest = left.subList(k + 1, left.size());
        if (pieces.size() == 1) {
          r = pieces.get(0);
        } else if (pieces.isEmpty()) {
          rest.forEach(c -> appender.append(newLeft, c));
          r = null;
        } else {
          Pair<C> split = both(rest, pieces);
          split.left.forEach(c -> appender.append(newLeft, c));
          split.right.forEach(c -> appender.append(newRight, c));
          r = null;
        }
      }
      if (r != null) {
        appender.append(newRight, r);
      }
      left = newLeft;
    }
    return new Pair<>(left, newRight);
  }
}
