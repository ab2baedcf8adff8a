package io.lockstep.common.ot.text;

import io.lockstep.common.ot.InvalidOpException;
import io.lockstep.common.ot.rope.Rope;
import java.util.List;

/**
 * Applies a text op to a document held as a {@link Rope}: each insert and delete is one rope edit
 * at a code point position, so a keystroke costs O(log n) whatever the document's length. Stricter
 * than the reference in two ways (both listed as lenient cases in the conformance set, where
 * rejecting is allowed): a delete may not run past the end of the document, and a delete given as
 * text must match the text it removes, so that such deletes can be trusted to invert the op.
 */
final class TextApply {
  private TextApply() {}

  /** {@code doc} with {@code op} applied; throws {@link InvalidOpException} naming the component that does not fit. */
  static Rope apply(Rope doc, TextOp op) {
    Rope out = doc;
    int remaining = doc.codePointCount();
    int at = 0;
    List<TextComponent> components = op.components();
    for (int i = 0; i < components.size(); i++) {
      TextComponent c = components.get(i);
      if (c instanceof Insert insert) {
        out = out.insertAtCodePoint(at, insert.text());
        at += insert.length();
        continue;
      }
      if (c.length() > remaining) {
        throw new InvalidOpException((c instanceof Skip ? "skip" : "delete") + " of " + c.length()
            + " code points runs past the end of the document (" + remaining + " left)", i, List.of());
      }
      if (c instanceof Skip) {
        at += c.length();
      } else if (c instanceof Delete delete) {
        checkDeletedText(delete, out, at, i);
        out = out.deleteCodePoints(at, at + delete.length());
      } else {
        throw new AssertionError(c);
      }
      remaining -= c.length();
    }
    return out;
  }

  private static void checkDeletedText(Delete delete, Rope doc, int at, int index) {
    if (delete.hasText() && !delete.text().equals(doc.substring(doc.charIndex(at), doc.charIndex(at + delete.length())))) {
      // Lengths only: the document's text is not the caller's to read (write-only rights exist).
      throw new InvalidOpException("delete of " + delete.length()
          + " code points does not match the text the document holds there", index, List.of());
    }
  }
}
