package io.lockstep.common.ot.json0;

import io.lockstep.common.ot.Side;

/**
 * How a component {@code c} being transformed meets the {@code other} component it is transformed
 * against, when the other one acts on a container on {@code c}'s path.
 *
 * @param depth the depth of the other component's operand (its key or index) in both paths; -1 when
 *     the other component replaces the whole document
 * @param length the operand length of {@code c} (see {@link Json0ComponentTransform#operandLength})
 * @param otherLength the operand length of the other component
 * @param side LEFT when {@code c} wins ties
 */
record Overlap(int depth, int length, int otherLength, Side side) {

  /** Whether both act on the same container (siblings or the same element), rather than {@code c} inside the other's operand. */
  boolean sameOperandLevel() {
    return length == otherLength;
  }

  boolean wins() {
    return side == Side.LEFT;
  }

  /** {@code c}'s path element at the other's operand depth, or null when its path is shorter. */
  Object elementOf(Json0Component c) {
    return c.path().at(depth);
  }

  /** {@code c} with the path element at the other's operand depth set to {@code index}. */
  Json0Component withIndex(Json0Component c, int index) {
    return c.withPath(c.path().with(depth, index));
  }
}
