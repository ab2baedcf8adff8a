package io.lockstep.common.ot.json0;

import io.lockstep.common.ot.InvalidOpException;
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
import java.util.Map;

/**
 * Applies json0 ops to plain JSON documents without modifying them (see {@link JsonTree}).
 *
 * <p>Stricter than the reference where the reference silently does something odd (see
 * shared/conformance/json0/lenient.jsonl): an index or offset past the end, {@code oi} over an
 * existing key, {@code od} or {@code od}+{@code oi} of a missing key, and deleting the document root
 * are rejected. Like the reference, the values carried by {@code od} and {@code ld} are not compared
 * with the document.
 */
final class Json0Apply {
  private Json0Apply() {}

  /**
   * The document after every component of {@code op}, in order.
   *
   * @throws InvalidOpException naming the first component that does not apply
   */
  static Object apply(Object doc, Json0Op op) {
    Object out = doc;
    List<Json0Component> components = op.components();
    for (int i = 0; i < components.size(); i++) {
      Json0Component c = components.get(i);
      try {
        out = apply(out, c);
      } catch (InvalidOpException e) {
        throw e.at(i, c.path().elements());
      }
    }
    return out;
  }

  /** The document after the single component {@code c}. */
  static Object apply(Object doc, Json0Component c) {
    if (c instanceof ObjectInsert || c instanceof ObjectDelete || c instanceof ObjectReplace) {
      return applyToObject(doc, c);
    }
    if (c instanceof ListInsert || c instanceof ListDelete || c instanceof ListReplace || c instanceof ListMove) {
      return JsonTree.update(doc, c.path().parent(),
          node -> applyToList(JsonTree.list(node, "a list instruction"), c));
    }
    if (c instanceof NumberAdd add) {
      return JsonTree.update(doc, add.path(),
          node -> JsNumbers.add(JsonTree.number(node, "na"), add.amount()));
    }
    if (c instanceof StringInsert insert) {
      return editString(doc, insert.path().parent(), "si", List.of(new Insert(insert.offset(), insert.text())));
    }
    if (c instanceof StringDelete delete) {
      return editString(doc, delete.path().parent(), "sd", List.of(new Delete(delete.offset(), delete.text())));
    }
    if (c instanceof Subtype subtype) {
      return editString(doc, subtype.path(), "t: text0", subtype.edits());
    }
    throw new AssertionError(c);
  }

  private static Object editString(Object doc, Path path, String instruction, List<Text0Component> edits) {
    return JsonTree.update(doc, path, node -> Text0.apply(JsonTree.text(node, instruction), edits));
  }

  private static Object applyToObject(Object doc, Json0Component c) {
    Path path = c.path();
    if (path.isRoot()) {
      if (c instanceof ObjectReplace replace) {
        return replace.after();
      }
      throw new InvalidOpException(c instanceof ObjectInsert
          ? "the document root always exists: replace it with od and oi"
          : "the document root cannot be deleted: replace it with od and oi");
    }
    String key = (String) path.last();
    return JsonTree.update(doc, path.parent(), node -> {
      Map<?, ?> map = JsonTree.object(node, "an object instruction");
      boolean present = map.containsKey(key);
      if (c instanceof ObjectInsert insert) {
        requireThat(!present, "oi over the existing key '" + key + "' needs od");
        return JsonData.with(map, key, insert.value());
      }
      requireThat(present, "there is no key '" + key + "' to delete or replace");
      if (c instanceof ObjectReplace replace) {
        return JsonData.with(map, key, replace.after());
      }
      if (c instanceof ObjectDelete) {
        return JsonData.without(map, key);
      }
      throw new AssertionError(c);
    });
  }

  private static Object applyToList(List<?> list, Json0Component c) {
    int index = (Integer) c.path().last();
    int size = list.size();
    if (c instanceof ListInsert insert) {
      requireThat(index <= size, "li at index " + index + " is past the end of a list of size " + size);
      return JsonData.inserting(list, index, insert.value());
    }
    if (c instanceof ListMove move && move.to() == index) {
      // A move onto itself changes nothing; the reference does not even check the index.
      return list;
    }
    requireThat(index < size, "index " + index + " is out of range for a list of size " + size);
    if (c instanceof ListDelete) {
      return JsonData.removing(list, index);
    }
    if (c instanceof ListReplace replace) {
      return JsonData.with(list, index, replace.after());
    }
    if (c instanceof ListMove move) {
      requireThat(move.to() < size, "lm to index " + move.to() + " is out of range for a list of size " + size);
      return JsonData.moving(list, index, move.to());
    }
    throw new AssertionError(c);
  }

  private static void requireThat(boolean condition, String message) {
    if (!condition) {
      throw new InvalidOpException(message);
    }
  }
}
