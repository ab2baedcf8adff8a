package io.lockstep.common.ot.json0;

import java.util.function.Function;
import org.quicktheories.core.Gen;

/**
 * QuickTheories generators of json0 documents with valid ops on them, built by
 * {@link Json0Generator} from shrinkable choices (so a failing case shrinks to a small document
 * and short ops).
 */
final class Json0OpArbitraries {
  private static final int MAX_COMPONENTS = 4;

  private Json0OpArbitraries() {}

  /** A document and one valid op on it. */
  record DocAndOp(Object doc, Json0Op op) {}

  /**
   * A document and two ops made concurrently on it, with the same string-edit form in both; the
   * second op often edits the nodes the first one edits, so that they conflict.
   */
  record Concurrent(Object doc, Json0Op a, Json0Op b) {}

  /** A document, an op valid on it, and an op valid after the first. */
  record Sequential(Object doc, Json0Op first, Json0Op second) {}

  static Gen<DocAndOp> docAndOp() {
    return generated(g -> {
      Object doc = g.document();
      return new DocAndOp(doc, g.op(doc, MAX_COMPONENTS));
    });
  }

  static Gen<Concurrent> concurrent() {
    return generated(g -> {
      Object doc = g.document();
      Json0Op a = g.op(doc, MAX_COMPONENTS);
      return new Concurrent(doc, a, g.op(doc, MAX_COMPONENTS, Json0Generator.targets(a)));
    });
  }

  static Gen<Sequential> sequential() {
    return generated(g -> {
      Object doc = g.document();
      Json0Op first = g.op(doc, MAX_COMPONENTS);
      return new Sequential(doc, first, g.op(Json0Apply.apply(doc, first), MAX_COMPONENTS));
    });
  }

  private static <T> Gen<T> generated(Function<Json0Generator, T> build) {
    return in -> {
      Choices c = new Choices(in);
      return build.apply(new Json0Generator(c, c.percent(50)));
    };
  }
}
