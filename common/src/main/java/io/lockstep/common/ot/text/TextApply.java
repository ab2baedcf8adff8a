package io.lockstep.common.ot.text;

import io.lockstep.common.ot.InvalidOpException;
import java.util.List;

/**
 * Applies a text op to a document string, building a new string. Stricter than the reference in
 * two ways (both listed as lenient cases in the conformance set, where rejecting is allowed): a
 * delete may not run past the end of the document, and a delete given as text must match the
 * text it removes, so that such deletes can be trusted to invert the op.
 */
final class TextApply {
  private TextApply() {}

  /** {@code doc} with {@code op} applied; throws {@link InvalidOpException} naming the component that does not fit. */
  static String apply(String doc, TextOp op) {
    StringBuilder out = new StringBuilder(doc.length());
    int remaining = CodePoints.count(doc);
    int at = 0;
    List<TextComponent> components = op.components();
    for (int i = 0; i < components.size(); i++) {
      TextComponent c = components.get(i);
      if (c instanceof Insert insert) {
        out.append(insert.text());
        continue;
      }
      if (c.length() > remaining) {
        throw new InvalidOpException((c instanceof Skip ? "skip" : "delete") + " of " + c.length()
            + " code points runs past the end of the document (" + remaining + " left)", i, List.of());
      }
      int end = CodePoints.advance(doc, at, c.length());
      if (c instanceof Skip) {
        out.append(doc, at, end);
      } else if (c instanceof Delete delete) {
        checkDeletedText(delete, doc.substring(at, end), i);
      } else {
        throw new AssertionError(c);
      }
      remaining -= c.length();
      at = end;
    }
    return out.append(doc, at, doc.length()).toString();
  }

  private static void checkDeletedText(Delete delete, String actual, int index) {
    if (delete.hasText() && !delete.text().equals(actual)) {
      // Lengths only: the document's text is not the caller's to read (write-only rights exist).
      throw new InvalidOpException("delete of " + delete.length()
          + " code points does not match the text the document holds there", index, List.of());
    }
  }
}
