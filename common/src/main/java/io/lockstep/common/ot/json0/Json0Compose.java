package io.lockstep.common.ot.json0;

import io.lockstep.common.ot.json0.Json0Component.ListMove;
import io.lockstep.common.ot.json0.Json0Component.NumberAdd;
import io.lockstep.common.ot.json0.Json0Component.StringDelete;
import io.lockstep.common.ot.json0.Json0Component.StringInsert;
import io.lockstep.common.ot.json0.Json0Component.Subtype;
import java.util.ArrayList;
import java.util.List;

/** Compose and normalize of json0 ops, both built on {@link Json0Appender}. */
final class Json0Compose {
  private Json0Compose() {}

  /**
   * {@code first} then {@code second} as one op: {@code first}'s components as they are, then
   * {@code second}'s appended one by one, each merged with the component before it where the
   * appender merges.
   */
  static Json0Op compose(Json0Op first, Json0Op second) {
    List<Json0Component> out = new ArrayList<>(first.components());
    second.components().forEach(c -> Json0Appender.append(out, c));
    return new Json0Op(out);
  }

  /**
   * {@code op} with neighbours merged until nothing merges any more. The reference makes one pass of
   * the appender, which is not idempotent: a merge can make the new last component mergeable with the
   * one before it ({@code [sd@2 "a", sd@0 "a", sd@0 "a"]} becomes {@code [sd@2 "a", sd@0 "aa"]}, then
   * {@code [sd@0 "aaa"]}). Every merge removes a component, so passes stop once the size holds still.
   */
  static Json0Op normalize(Json0Op op) {
    Json0Op current = op;
    while (true) {
      Json0Op next = compose(Json0Op.empty(), current);
      if (next.size() == current.size()) {
        return next;
      }
      current = next;
    }
  }

  /**
   * Whether every component of {@code op} leaves any document it applies to as it was: a move onto
   * its own index, an {@code na} of zero, empty string edits. (Such an op may still be rejected by a
   * document it does not fit.)
   */
  static boolean isNoop(Json0Op op) {
    return op.components().stream().allMatch(Json0Compose::changesNothing);
  }

  private static boolean changesNothing(Json0Component c) {
    if (c instanceof ListMove move) {
      return move.from() == move.to();
    }
    if (c instanceof NumberAdd add) {
      return JsNumbers.isZero(add.amount());
    }
    if (c instanceof StringInsert insert) {
      return insert.text().isEmpty();
    }
    if (c instanceof StringDelete delete) {
      return delete.text().isEmpty();
    }
    if (c instanceof Subtype subtype) {
      return subtype.edits().stream().allMatch(edit -> edit.text().isEmpty());
    }
    return false;
  }
}
