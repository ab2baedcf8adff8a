package io.lockstep.common.ot.json0;

import io.lockstep.common.ot.Side;
import io.lockstep.common.ot.json0.Json0Component.ListDelete;
import io.lockstep.common.ot.json0.Json0Component.ListInsert;
import io.lockstep.common.ot.json0.Json0Component.ListMove;
import io.lockstep.common.ot.json0.Json0Component.ListReplace;
import io.lockstep.common.ot.json0.Json0Component.NumberAdd;
import io.lockstep.common.ot.json0.Json0Component.ObjectDelete;
import io.lockstep.common.ot.json0.Json0Component.ObjectInsert;
import io.lockstep.common.ot.json0.Json0Component.ObjectReplace;
import io.lockstep.common.ot.json0.Json0Component.Subtype;
import java.util.List;
import java.util.Objects;

/**
 * Transform of one json0 component against one concurrent component (both made against the same
 * document): appends to {@code dest} what {@code c} becomes once {@code other} has been applied —
 * nothing when {@code other} deleted or replaced what {@code c} edits, one or more components
 * otherwise. Follows ottypes/json0 1.1.0 case by case, ties included; list index arithmetic lives in
 * {@link ListTransform}.
 *
 * <p>Paths are compared through their "operand": the key or index a component acts on. For {@code na}
 * and {@code t} the operand is the value at the path itself, so their operand length is one more than
 * the path's. The other component can only move or remove {@code c} when the container it acts on
 * lies on {@code c}'s path.
 */
final class Json0ComponentTransform {
  private Json0ComponentTransform() {}

  static void transform(List<Json0Component> dest, Json0Component c, Json0Component other, Side side) {
    int length = operandLength(c);
    int otherLength = operandLength(other);
    Integer ownDepth = commonDepth(c, other);
    if (ownDepth != null && otherLength > length
        && Objects.equals(c.path().at(ownDepth), other.path().at(ownDepth))) {
      c = withDeletedValueUpdated(c, other, length);
    }
    Integer depth = commonDepth(other, c);
    if (depth == null) {
      Json0Appender.append(dest, c);
      return;
    }
    Overlap overlap = new Overlap(depth, length, otherLength, side);
    if (Json0Appender.isStringEdit(c) && Json0Appender.isStringEdit(other)) {
      StringEditTransform.transform(dest, c, other, side);
    } else if (c instanceof Subtype subtype && other instanceof Subtype otherSubtype) {
      StringEditTransform.transform(dest, subtype, otherSubtype, side);
    } else {
      Json0Component result = against(dest, c, other, overlap);
      if (result != null) {
        Json0Appender.append(dest, result);
      }
    }
  }

  /** What {@code c} becomes after {@code other}, or null when it is dropped. */
  private static Json0Component against(List<Json0Component> dest, Json0Component c, Json0Component other, Overlap overlap) {
    if (other instanceof ListReplace || other instanceof ListInsert || other instanceof ListDelete
        || other instanceof ListMove) {
      return ListTransform.against(c, other, overlap);
    }
    if (other instanceof ObjectReplace replace) {
      return afterObjectReplace(c, replace, overlap);
    }
    if (other instanceof ObjectInsert insert) {
      return afterObjectInsert(dest, c, insert, overlap);
    }
    if (other instanceof ObjectDelete delete) {
      return afterObjectDelete(c, delete, overlap);
    }
    // na changes nothing another component relies on; string edits only affect string edits of the
    // same form (an si/sd pair or a text0 pair, handled above): the reference shifts neither form by
    // the other.
    return c;
  }

  /** {@code value} with {@code edit} applied, as plain JSON: ops carry plain values, never ropes. */
  private static Object edited(Object value, Json0Component edit) {
    return JsonData.plain(Json0Apply.apply(value, edit));
  }

  /**
   * When {@code c} deletes or replaces a value that {@code other} edits inside, {@code c}'s copy of
   * the deleted value ({@code od}/{@code ld}) is updated with that edit, so that {@code c} stays
   * invertible against the document it will really meet.
   */
  private static Json0Component withDeletedValueUpdated(Json0Component c, Json0Component other, int length) {
    Json0Component inside = other.withPath(other.path().drop(length));
    if (c instanceof ListDelete delete) {
      return new ListDelete(delete.path(), edited(delete.value(), inside));
    }
    if (c instanceof ListReplace replace) {
      return new ListReplace(replace.path(), edited(replace.before(), inside), replace.after());
    }
    if (c instanceof ObjectDelete delete) {
      return new ObjectDelete(delete.path(), edited(delete.value(), inside));
    }
    if (c instanceof ObjectReplace replace) {
      return new ObjectReplace(replace.path(), edited(replace.before(), inside), replace.after());
    }
    return c;
  }

  /**
   * Tie: both replace, or one replaces and one inserts, at the same key. The LEFT value survives: a
   * LEFT component becomes a replace of the RIGHT value; the RIGHT component is dropped. Anything
   * else at or under the replaced key is dropped.
   */
  private static Json0Component afterObjectReplace(Json0Component c, ObjectReplace other, Overlap overlap) {
    if (!Objects.equals(overlap.elementOf(c), overlap.elementOf(other))) {
      return c;
    }
    if (c instanceof ObjectInsert insert && overlap.sameOperandLevel()) {
      return overlap.wins() ? new ObjectReplace(insert.path(), other.after(), insert.value()) : null;
    }
    if (c instanceof ObjectReplace replace && overlap.sameOperandLevel()) {
      return overlap.wins() ? new ObjectReplace(replace.path(), other.after(), replace.after()) : null;
    }
    return null;
  }

  /**
   * Tie: both insert at the same key. The LEFT value survives: the LEFT component first deletes the
   * RIGHT value (the appender merges that delete and the insert into one replace); the RIGHT
   * component is dropped.
   */
  private static Json0Component afterObjectInsert(List<Json0Component> dest, Json0Component c, ObjectInsert other,
      Overlap overlap) {
    boolean inserts = c instanceof ObjectInsert || c instanceof ObjectReplace;
    if (!inserts || !Objects.equals(overlap.elementOf(c), overlap.elementOf(other))) {
      return c;
    }
    if (!overlap.wins()) {
      return null;
    }
    Json0Appender.append(dest, new ObjectDelete(c.path(), other.value()));
    return c;
  }

  /** The key is gone: a replace of it becomes an insert; anything else at or under it is dropped. */
  private static Json0Component afterObjectDelete(Json0Component c, ObjectDelete other, Overlap overlap) {
    if (!Objects.equals(overlap.elementOf(c), overlap.elementOf(other))) {
      return c;
    }
    if (!overlap.sameOperandLevel()) {
      return null;
    }
    if (c instanceof ObjectInsert) {
      return c;
    }
    if (c instanceof ObjectReplace replace) {
      return new ObjectInsert(replace.path(), replace.after());
    }
    return null;
  }

  /** The path length of {@code c}, plus one for {@code na} and {@code t}, whose operand is the value at the path. */
  static int operandLength(Json0Component c) {
    return c.path().size() + (c instanceof NumberAdd || c instanceof Subtype ? 1 : 0);
  }

  /**
   * The depth of {@code a}'s operand when the container {@code a} acts on lies on {@code b}'s path
   * (so {@code a} may affect {@code b}); -1 when {@code a} acts on the whole document; null when
   * {@code a} cannot affect {@code b}.
   */
  static Integer commonDepth(Json0Component a, Json0Component b) {
    int aLength = operandLength(a);
    int bLength = operandLength(b);
    if (aLength == 0) {
      return -1;
    }
    if (bLength == 0) {
      return null;
    }
    int depth = aLength - 1;
    if (depth > bLength - 1) {
      return null;
    }
    for (int i = 0; i < depth; i++) {
      if (!a.path().get(i).equals(b.path().at(i))) {
        return null;
      }
    }
    return depth;
  }
}
