package io.lockstep.common.ot.json0;

import io.lockstep.common.ot.json0.Json0Component.ListMove;

/**
 * A list move after a concurrent move in the same list, with the reference's arithmetic: first
 * where my element is now, then where it should go. (Every pair of moves on a four-element list is
 * a conformance vector, and Json0Properties checks convergence on random multi-component ops.)
 */
final class ListMoveTransform {
  private ListMoveTransform() {}

  static ListMove moveAfterMove(ListMove c, ListMove other, Overlap overlap) {
    int from = c.from();
    int to = c.to();
    int otherFrom = other.from();
    int otherTo = other.to();
    if (otherFrom == otherTo) {
      return c;
    }
    if (from == otherFrom) {
      // Tie: both move the same element. The LEFT move wins: it takes the element from where the
      // RIGHT move put it (and a LEFT move onto itself follows it there); the RIGHT move is dropped.
      if (!overlap.wins()) {
        return null;
      }
      return new ListMove(c.path().with(overlap.depth(), otherTo), from == to ? otherTo : to);
    }
    int newFrom = from;
    int newTo = to;
    // Where is my element now? It shifts as the other element leaves and lands around it.
    if (from > otherFrom) {
      newFrom--;
    }
    if (from > otherTo) {
      newFrom++;
    } else if (from == otherTo && otherFrom > otherTo) {
      newFrom++;
      if (from == to) {
        newTo++;
      }
    }
    // Where does it go? The destination shifts the same way, with a tie when both land at one index.
    if (to > otherFrom || (to == otherFrom && to > from)) {
      newTo--;
    }
    newTo += destinationTie(from, to, otherFrom, otherTo, overlap);
    return new ListMove(c.path().with(overlap.depth(), newFrom), newTo);
  }

  /**
   * How much more my destination shifts because of where the other element landed. When both land
   * at the same index moving in the same direction, the LEFT element takes that index and the RIGHT
   * one lands just after it. Moving in opposite directions, it depends on where my element came from.
   */
  private static int destinationTie(int from, int to, int otherFrom, int otherTo, Overlap overlap) {
    if (to > otherTo) {
      return 1;
    }
    if (to != otherTo) {
      return 0;
    }
    boolean sameDirection = (otherTo > otherFrom && to > from) || (otherTo < otherFrom && to < from);
    if (sameDirection) {
      return overlap.wins() ? 0 : 1;
    }
    if (to > from) {
      return 1;
    }
    return to == otherFrom ? -1 : 0;
  }
}
