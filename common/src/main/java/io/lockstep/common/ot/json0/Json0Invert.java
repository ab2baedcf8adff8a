package io.lockstep.common.ot.json0;

import io.lockstep.common.ot.json0.Json0Component.ListDelete;
import io.lockstep.common.ot.json0.Json0Component.ListInsert;
import io.lockstep.common.ot.json0.Json0Component.ListMove;
import io.lockstep.common.ot.json0.Json0Component.ListReplace;
import io.lockstep.common.ot.json0.Json0Component.NumberAdd;
import io.lockstep.common.ot.json0.Json0Component.ObjectDelete;
import io.lockstep.common.ot.json0.Json0Component.ObjectInsert;
import io.lockstep.common.ot.json0.Json0Component.ObjectReplace;
import io.lockstep.common.ot.json0.Json0Component.StringDelete;
import io.lockstep.common.ot.json0.Json0Component.StringInsert;
import io.lockstep.common.ot.json0.Json0Component.Subtype;
import java.util.ArrayList;
import java.util.List;

/**
 * The op that undoes a json0 op: its components reversed, each inverted (inserts and deletes
 * swapped, replaces turned around, {@code na} negated, moves sent back). It undoes the op exactly
 * when the deleted values the op carries ({@code od}, {@code ld}) are what the document held.
 */
final class Json0Invert {
  private Json0Invert() {}

  static Json0Op invert(Json0Op op) {
    List<Json0Component> out = new ArrayList<>(op.size());
    for (int i = op.size() - 1; i >= 0; i--) {
      out.add(invert(op.components().get(i)));
    }
    return new Json0Op(out);
  }

  static Json0Component invert(Json0Component c) {
    Path path = c.path();
    if (c instanceof ObjectInsert insert) {
      return new ObjectDelete(path, insert.value());
    }
    if (c instanceof ObjectDelete delete) {
      return new ObjectInsert(path, delete.value());
    }
    if (c instanceof ObjectReplace replace) {
      return new ObjectReplace(path, replace.after(), replace.before());
    }
    if (c instanceof ListInsert insert) {
      return new ListDelete(path, insert.value());
    }
    if (c instanceof ListDelete delete) {
      return new ListInsert(path, delete.value());
    }
    if (c instanceof ListReplace replace) {
      return new ListReplace(path, replace.after(), replace.before());
    }
    if (c instanceof ListMove move) {
      return new ListMove(path.parent().child(move.to()), move.from());
    }
    if (c instanceof NumberAdd add) {
      return new NumberAdd(path, JsNumbers.negate(add.amount()));
    }
    if (c instanceof StringInsert insert) {
      return new StringDelete(path, insert.text());
    }
    if (c instanceof StringDelete delete) {
      return new StringInsert(path, delete.text());
    }
    if (c instanceof Subtype subtype) {
      return subtype.withEdits(Text0.invert(subtype.edits()));
    }
    throw new AssertionError(c);
  }
}
