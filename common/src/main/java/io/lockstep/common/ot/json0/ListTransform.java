package io.lockstep.common.ot.json0;

import io.lockstep.common.ot.json0.Json0Component.ListDelete;
import io.lockstep.common.ot.json0.Json0Component.ListInsert;
import io.lockstep.common.ot.json0.Json0Component.ListMove;
import io.lockstep.common.ot.json0.Json0Component.ListReplace;

/**
 * The part of {@link Json0ComponentTransform} where the other component is a list instruction:
 * {@code c} (or the container it sits in) shifts along the list, or is dropped when its element is
 * gone. {@code c}'s path element at the other's index depth is an index whenever both components are
 * valid on one document; when it is not (a key, or no element at all), nothing shifts.
 */
final class ListTransform {
  private ListTransform() {}

  /** What {@code c} becomes after the list instruction {@code other}, or null when it is dropped. */
  static Json0Component against(Json0Component c, Json0Component other, Overlap overlap) {
    if (other instanceof ListReplace replace) {
      return afterReplace(c, replace, overlap);
    }
    if (other instanceof ListInsert insert) {
      return afterInsert(c, insert, overlap);
    }
    if (other instanceof ListDelete delete) {
      return afterDelete(c, delete, overlap);
    }
    if (other instanceof ListMove move) {
      return afterMove(c, move, overlap);
    }
    throw new AssertionError(other);
  }

  /**
   * Tie: both replace the same element. The LEFT value survives: the LEFT replace now replaces the
   * RIGHT value; the RIGHT replace is dropped. A delete of the replaced element and anything inside
   * it are dropped; an insert or move at its index is kept.
   */
  private static Json0Component afterReplace(Json0Component c, ListReplace other, Overlap overlap) {
    if (!other.path().last().equals(overlap.elementOf(c))) {
      return c;
    }
    if (!overlap.sameOperandLevel()) {
      return null;
    }
    if (c instanceof ListReplace replace) {
      return overlap.wins() ? new ListReplace(replace.path(), other.after(), replace.after()) : null;
    }
    return c instanceof ListDelete ? null : c;
  }

  /** Tie: both insert at the same index. The LEFT insert stays in front; the RIGHT one moves after it. */
  private static Json0Component afterInsert(Json0Component c, ListInsert other, Overlap overlap) {
    int at = (Integer) other.path().last();
    Json0Component out = c;
    if (!(overlap.elementOf(c) instanceof Integer index)) {
      return c;
    }
    if (c instanceof ListInsert && overlap.sameOperandLevel() && index == at) {
      out = overlap.wins() ? c : overlap.withIndex(c, index + 1);
    } else if (at <= index) {
      out = overlap.withIndex(c, index + 1);
    }
    if (out instanceof ListMove move && overlap.sameOperandLevel() && at <= move.to()) {
      out = move.withTo(move.to() + 1);
    }
    return out;
  }

  /**
   * The element at the index is gone: what is inside it or deletes it is dropped, a replace of it
   * becomes an insert, a move of it is dropped, and later indexes shift down.
   */
  private static Json0Component afterDelete(Json0Component c, ListDelete other, Overlap overlap) {
    int at = (Integer) other.path().last();
    if (!(overlap.elementOf(c) instanceof Integer index)) {
      return c;
    }
    Json0Component out = c;
    if (c instanceof ListMove move && overlap.sameOperandLevel()) {
      if (at == index) {
        return null;
      }
      int to = move.to();
      if (at < to || (at == to && index < to)) {
        out = move.withTo(to - 1);
      }
    }
    if (at < index) {
      return overlap.withIndex(out, index - 1);
    }
    if (at > index) {
      return out;
    }
    if (overlap.otherLength() < overlap.length()) {
      return null;
    }
    if (out instanceof ListReplace replace) {
      return new ListInsert(replace.path(), replace.after());
    }
    return out instanceof ListDelete ? null : out;
  }

  /**
   * The element moved: what sits in or at it follows it to its new index; other indexes shift as the
   * element leaves and arrives. An insert at an index is a gap between elements, not an element, so
   * it does not follow the moved element. A move of the same list meets {@link ListMoveTransform}.
   */
  private static Json0Component afterMove(Json0Component c, ListMove other, Overlap overlap) {
    if (c instanceof ListMove move && overlap.sameOperandLevel()) {
      return ListMoveTransform.moveAfterMove(move, other, overlap);
    }
    if (!(overlap.elementOf(c) instanceof Integer index)) {
      return c;
    }
    int from = other.from();
    int to = other.to();
    if (c instanceof ListInsert && overlap.sameOperandLevel()) {
      return overlap.withIndex(c, index - (index > from ? 1 : 0) + (index > to ? 1 : 0));
    }
    if (index == from) {
      return overlap.withIndex(c, to);
    }
    int shifted = index - (index > from ? 1 : 0);
    if (index > to || (index == to && from > to)) {
      shifted++;
    }
    return overlap.withIndex(c, shifted);
  }
}
