package io.lockstep.common.ot.text;

import io.lockstep.common.ot.rope.Rope;
import java.util.ArrayList;
import java.util.List;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.impl.Constraint;

/**
 * QuickTheories generators for text-unicode: documents full of astral, combining, ZWJ, flag and
 * right-to-left characters, and random valid ops against a given document. Ops include text
 * deletes (copied from the document, so they match) and, now and then, adjacent inserts or
 * adjacent deletes, which are valid but not normalized. Every value is drawn from the
 * {@link RandomnessSource}, so failures shrink.
 */
final class TextOpArbitraries {
  /** Pieces documents and inserts are made of; several are more than one code point long. */
  private static final List<String> PIECES = List.of(
      "a", "b", "c", " ", "\n", "é", "e\u0301", "😀", "👍🏽", "👩\u200d💻", "🇯🇵", "𝄞", "漢字", "ש", "\u2028",
      "\"", "\\", "🎉", "x", "\u0000");

  private TextOpArbitraries() {}

  /** A document of 0 to about 24 pieces. */
  static Gen<String> documents() {
    return in -> text(in, 0, 12);
  }

  /** A document and two ops made concurrently against it. */
  static Gen<Concurrent> concurrentOps() {
    return in -> {
      String doc = text(in, 0, 12);
      return new Concurrent(doc, op(in, doc), op(in, doc));
    };
  }

  /** A document, an op against it, and a second op against the first one's result. */
  static Gen<Sequential> sequentialOps() {
    return in -> {
      String doc = text(in, 0, 12);
      TextOp first = op(in, doc);
      return new Sequential(doc, first, op(in, TextUnicodeType.INSTANCE.apply(Rope.of(doc), first).toString()));
    };
  }

  /** A document and an op against it. */
  static Gen<Edit> edits() {
    return in -> {
      String doc = text(in, 0, 12);
      return new Edit(doc, op(in, doc));
    };
  }

  /**
   * A document, an op against it, and a run of committed history after it: each op of the run made
   * against the result of the ones before. Most ops are keystroke-shaped (one insert or delete at one
   * place, {@link PointEdit}'s fast path), the rest any valid op.
   */
  static Gen<Run> runs() {
    return in -> {
      String doc = text(in, 0, 12);
      TextOp op = keystrokeOrAny(in, doc);
      List<TextOp> history = new ArrayList<>();
      String at = doc;
      for (int i = pick(in, 0, 12); i > 0; i--) {
        TextOp next = keystrokeOrAny(in, at);
        history.add(next);
        at = TextUnicodeType.INSTANCE.apply(Rope.of(at), next).toString();
      }
      return new Run(doc, op, history);
    };
  }

  private static TextOp keystrokeOrAny(RandomnessSource in, String doc) {
    int length = CodePoints.count(doc);
    int kind = pick(in, 0, 9);
    if (kind >= 7) {
      return op(in, doc);
    }
    int at = pick(in, 0, length);
    TextComponent edit;
    if (kind <= 3 || at == length) {
      edit = new Insert(text(in, 1, 2));
    } else {
      int n = pick(in, 1, Math.min(length - at, 3));
      edit = kind <= 5 ? Delete.count(n) : Delete.text(CodePoints.slice(doc, at, at + n));
    }
    return at == 0 ? TextOp.of(edit) : TextOp.of(new Skip(at), edit);
  }

  /** A random valid op against {@code doc}, at most 8 components, sometimes not normalized. */
  static TextOp op(RandomnessSource in, String doc) {
    int left = CodePoints.count(doc);
    int steps = pick(in, 0, 8);
    List<TextComponent> out = new ArrayList<>();
    int at = 0;
    for (int i = 0; i < steps; i++) {
      int kind = pick(in, 0, 3);
      if (kind == 0 && left > 0) {
        int n = pick(in, 1, Math.min(left, 4 + pick(in, 0, left)));
        addSkip(out, n);
        at += n;
        left -= n;
      } else if (kind == 1 || left == 0) {
        out.add(new Insert(text(in, 1, 3)));
      } else {
        int n = pick(in, 1, Math.min(left, 3));
        out.add(kind == 2 ? Delete.count(n) : Delete.text(CodePoints.slice(doc, at, at + n)));
        at += n;
        left -= n;
      }
    }
    if (!out.isEmpty() && out.get(out.size() - 1) instanceof Skip) {
      out.remove(out.size() - 1);
    }
    return new TextOp(out);
  }

  private static void addSkip(List<TextComponent> out, int n) {
    if (!out.isEmpty() && out.get(out.size() - 1) instanceof Skip skip) {
      out.set(out.size() - 1, new Skip(skip.n() + n));
    } else {
      out.add(new Skip(n));
    }
  }

  private static String text(RandomnessSource in, int minPieces, int maxPieces) {
    StringBuilder s = new StringBuilder();
    int n = pick(in, minPieces, maxPieces);
    for (int i = 0; i < n; i++) {
      s.append(PIECES.get(pick(in, 0, PIECES.size() - 1)));
    }
    return s.toString();
  }

  private static int pick(RandomnessSource in, int min, int max) {
    return (int) in.next(Constraint.between(min, max));
  }

  /** Two ops made against the same document. */
  record Concurrent(String doc, TextOp a, TextOp b) {}

  /** An op against {@code doc}, then one against its result. */
  record Sequential(String doc, TextOp first, TextOp second) {}

  /** An op against {@code doc}, and ops committed one after another from {@code doc} on. */
  record Run(String doc, TextOp op, List<TextOp> history) {}

  /** An op against {@code doc}. */
  record Edit(String doc, TextOp op) {}
}
