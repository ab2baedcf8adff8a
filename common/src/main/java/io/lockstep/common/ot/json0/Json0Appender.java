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
import io.lockstep.common.ot.json0.Text0Component.Delete;
import io.lockstep.common.ot.json0.Text0Component.Insert;
import java.util.List;

/**
 * Appends a component to a list of components, merging it with the component just before it when
 * both act at the same path, exactly where the reference merges (compose, normalize and transform
 * all build their results through here):
 *
 * <ul>
 *   <li>{@code na} then {@code na}: one {@code na} with the sum;
 *   <li>{@code li} (or {@code li}+{@code ld}) then an {@code ld} of a strictly equal value (same
 *       string, number, boolean or null; objects and lists never match): the insert is cancelled;
 *   <li>{@code od} then {@code oi}: one replace;
 *   <li>{@code oi} (or a replace) then {@code od} or a replace: the insert is cancelled or takes the
 *       newer value;
 *   <li>an {@code lm} onto its own index is dropped;
 *   <li>string edits of one string merge through {@link Text0#compose}, each form with its own kind
 *       ({@code si}/{@code sd} never merge with {@code t: "text0"}).
 * </ul>
 *
 * Anything else is appended as it is. Merging only with the last component keeps the reference's
 * answers, which the conformance vectors pin down, although it leaves some mergeable ops unmerged.
 */
final class Json0Appender {
  private Json0Appender() {}

  static void append(List<Json0Component> dest, Json0Component c) {
    if (dest.isEmpty()) {
      dest.add(c);
      return;
    }
    Json0Component last = dest.get(dest.size() - 1);
    if (isStringEdit(last) && isStringEdit(c)) {
      appendStringEdit(dest, last, c);
    } else if (last.path().equals(c.path())) {
      appendAtSamePath(dest, last, c);
    } else {
      dest.add(c);
    }
  }

  private static void appendAtSamePath(List<Json0Component> dest, Json0Component last, Json0Component c) {
    int end = dest.size() - 1;
    if (last instanceof Subtype previous && c instanceof Subtype next) {
      dest.set(end, previous.withEdits(Text0.compose(previous.edits(), next.edits())));
    } else if (last instanceof NumberAdd previous && c instanceof NumberAdd next) {
      dest.set(end, new NumberAdd(previous.path(), JsNumbers.add(previous.amount(), next.amount())));
    } else if (insertsIntoList(last) && c instanceof ListDelete next
        && JsonData.strictEquals(next.value(), listValueInserted(last))) {
      if (last instanceof ListReplace previous) {
        dest.set(end, new ListDelete(previous.path(), previous.before()));
      } else {
        dest.remove(end);
      }
    } else if (last instanceof ObjectDelete previous && c instanceof ObjectInsert next) {
      dest.set(end, new ObjectReplace(previous.path(), previous.value(), next.value()));
    } else if (insertsIntoObject(last) && (c instanceof ObjectDelete || c instanceof ObjectReplace)) {
      appendObjectDeleteAfterInsert(dest, last, c);
    } else if (!isMoveOntoItself(c)) {
      dest.add(c);
    }
  }

  /** A move onto its own index changes nothing; after a component at the same path it is dropped. */
  private static boolean isMoveOntoItself(Json0Component c) {
    return c instanceof ListMove move && move.from() == move.to();
  }

  /** The last component inserted a value that {@code c} deletes or replaces: the insert is cancelled or updated. */
  private static void appendObjectDeleteAfterInsert(List<Json0Component> dest, Json0Component last, Json0Component c) {
    int end = dest.size() - 1;
    if (c instanceof ObjectReplace next) {
      dest.set(end, last instanceof ObjectReplace previous
          ? new ObjectReplace(previous.path(), previous.before(), next.after())
          : new ObjectInsert(last.path(), next.after()));
    } else if (last instanceof ObjectReplace previous) {
      dest.set(end, new ObjectDelete(previous.path(), previous.before()));
    } else {
      dest.remove(end);
    }
  }

  /** Two {@code si}/{@code sd} edits of one string (their paths differ only in the offset) compose as text0. */
  private static void appendStringEdit(List<Json0Component> dest, Json0Component last, Json0Component c) {
    Path string = c.path().parent();
    if (!last.path().parent().equals(string)) {
      dest.add(c);
      return;
    }
    List<Text0Component> edits = Text0.compose(List.of(asText0(last)), List.of(asText0(c)));
    dest.set(dest.size() - 1, fromText0(string, edits.get(0)));
    if (edits.size() > 1) {
      dest.add(fromText0(string, edits.get(1)));
    }
  }

  static boolean isStringEdit(Json0Component c) {
    return c instanceof StringInsert || c instanceof StringDelete;
  }

  /** An {@code si}/{@code sd} component as the text0 edit it stands for (its string is at the path's parent). */
  static Text0Component asText0(Json0Component c) {
    if (c instanceof StringInsert insert) {
      return new Insert(insert.offset(), insert.text());
    }
    if (c instanceof StringDelete delete) {
      return new Delete(delete.offset(), delete.text());
    }
    throw new AssertionError(c);
  }

  /** A text0 edit of the string at {@code string} in the {@code si}/{@code sd} form. */
  static Json0Component fromText0(Path string, Text0Component edit) {
    if (edit instanceof Insert insert) {
      return new StringInsert(string.child(insert.offset()), insert.text());
    }
    if (edit instanceof Delete delete) {
      return new StringDelete(string.child(delete.offset()), delete.text());
    }
    throw new AssertionError(edit);
  }

  private static boolean insertsIntoList(Json0Component c) {
    return c instanceof ListInsert || c instanceof ListReplace;
  }

  private static Object listValueInserted(Json0Component c) {
    if (c instanceof ListInsert insert) {
      return insert.value();
    }
    if (c instanceof ListReplace replace) {
      return replace.after();
    }
    throw new AssertionError(c);
  }

  private static boolean insertsIntoObject(Json0Component c) {
    return c instanceof ObjectInsert || c instanceof ObjectReplace;
  }
}
