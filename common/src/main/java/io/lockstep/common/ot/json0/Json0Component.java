package io.lockstep.common.ot.json0;

import io.lockstep.common.ot.InvalidOpException;
import java.util.List;
import java.util.Objects;

/**
 * One component of a json0 op: exactly one instruction at one {@link Path}. Each record checks the
 * shape of its path on construction (a list instruction ends in an index, an object instruction in
 * a key, a string instruction in an offset) and throws {@link InvalidOpException} otherwise.
 *
 * <p>Values ({@code oi}, {@code od}, {@code li}, {@code ld}) are plain JSON values, held as given:
 * {@link Json0Codec} hands the records unmodifiable copies, and nothing in this package mutates them.
 * A deleted value ({@code od}, {@code ld}) is what the deleting client saw; apply does not compare it
 * with the document, as the reference does not, but transform keeps it up to date so that the
 * component stays invertible.
 */
public sealed interface Json0Component {

  /** Where the component acts. */
  Path path();

  /** The same component at another path (transform moves components around). */
  Json0Component withPath(Path path);

  /** {@code {p, oi}}: inserts {@code value} under a key that does not exist yet. */
  record ObjectInsert(Path path, Object value) implements Json0Component {
    public ObjectInsert {
      requireKeyOrRoot(path);
    }

    @Override
    public ObjectInsert withPath(Path p) {
      return new ObjectInsert(p, value);
    }
  }

  /** {@code {p, od}}: deletes the key, whose value was {@code value}. */
  record ObjectDelete(Path path, Object value) implements Json0Component {
    public ObjectDelete {
      requireKeyOrRoot(path);
    }

    @Override
    public ObjectDelete withPath(Path p) {
      return new ObjectDelete(p, value);
    }
  }

  /** {@code {p, od, oi}}: replaces {@code before} by {@code after}; at the root, the whole document. */
  record ObjectReplace(Path path, Object before, Object after) implements Json0Component {
    public ObjectReplace {
      requireKeyOrRoot(path);
    }

    @Override
    public ObjectReplace withPath(Path p) {
      return new ObjectReplace(p, before, after);
    }
  }

  /** {@code {p, li}}: inserts {@code value} into a list before the index, or at its end. */
  record ListInsert(Path path, Object value) implements Json0Component {
    public ListInsert {
      requireIndex(path, "li");
    }

    @Override
    public ListInsert withPath(Path p) {
      return new ListInsert(p, value);
    }
  }

  /** {@code {p, ld}}: deletes the list element at the index, whose value was {@code value}. */
  record ListDelete(Path path, Object value) implements Json0Component {
    public ListDelete {
      requireIndex(path, "ld");
    }

    @Override
    public ListDelete withPath(Path p) {
      return new ListDelete(p, value);
    }
  }

  /** {@code {p, ld, li}}: replaces the list element {@code before} by {@code after}. */
  record ListReplace(Path path, Object before, Object after) implements Json0Component {
    public ListReplace {
      requireIndex(path, "li/ld");
    }

    @Override
    public ListReplace withPath(Path p) {
      return new ListReplace(p, before, after);
    }
  }

  /** {@code {p, lm}}: moves the list element at the index so that it ends up at index {@code to}. */
  record ListMove(Path path, int to) implements Json0Component {
    public ListMove {
      requireIndex(path, "lm");
      if (to < 0) {
        throw new InvalidOpException("lm must be a non-negative index, got " + to);
      }
    }

    /** The index the element is taken from (the last path element). */
    public int from() {
      return (Integer) path.last();
    }

    @Override
    public ListMove withPath(Path p) {
      return new ListMove(p, to);
    }

    /** The same move to another destination. */
    public ListMove withTo(int newTo) {
      return new ListMove(path, newTo);
    }
  }

  /** {@code {p, na}}: adds {@code amount} to the number at the path. */
  record NumberAdd(Path path, Number amount) implements Json0Component {
    public NumberAdd {
      Objects.requireNonNull(path, "path");
      if (!(amount instanceof Number) || !Double.isFinite(amount.doubleValue())) {
        throw new InvalidOpException("na must be a finite number, got " + amount);
      }
    }

    @Override
    public NumberAdd withPath(Path p) {
      return new NumberAdd(p, amount);
    }
  }

  /** {@code {p: [..string path, offset], si}}: inserts {@code text} into a string. */
  record StringInsert(Path path, String text) implements Json0Component {
    public StringInsert {
      requireOffset(path, text, "si");
    }

    /** The offset in UTF-16 code units (the last path element). */
    public int offset() {
      return (Integer) path.last();
    }

    @Override
    public StringInsert withPath(Path p) {
      return new StringInsert(p, text);
    }
  }

  /** {@code {p: [..string path, offset], sd}}: deletes {@code text}, which must be there, from a string. */
  record StringDelete(Path path, String text) implements Json0Component {
    public StringDelete {
      requireOffset(path, text, "sd");
    }

    /** The offset in UTF-16 code units (the last path element). */
    public int offset() {
      return (Integer) path.last();
    }

    @Override
    public StringDelete withPath(Path p) {
      return new StringDelete(p, text);
    }
  }

  /**
   * {@code {p, t: "text0", o: [...]}}: edits the string at the path with the {@code text0} subtype,
   * the edits applied one after the other. {@code text0} is the only subtype json0 knows.
   */
  record Subtype(Path path, List<Text0Component> edits) implements Json0Component {
    /** The subtype's wire name. */
    public static final String TEXT0 = "text0";

    public Subtype {
      Objects.requireNonNull(path, "path");
      edits = List.copyOf(edits);
    }

    @Override
    public Subtype withPath(Path p) {
      return new Subtype(p, edits);
    }

    /** The same string with other edits. */
    public Subtype withEdits(List<Text0Component> newEdits) {
      return new Subtype(path, newEdits);
    }
  }

  private static void requireKeyOrRoot(Path path) {
    Objects.requireNonNull(path, "path");
    if (!path.isRoot() && !(path.last() instanceof String)) {
      throw new InvalidOpException("an object instruction needs a string key at the end of its path");
    }
  }

  private static void requireIndex(Path path, String instruction) {
    Objects.requireNonNull(path, "path");
    if (path.isRoot() || !(path.last() instanceof Integer)) {
      throw new InvalidOpException(instruction + " needs a list index at the end of its path");
    }
  }

  private static void requireOffset(Path path, String text, String instruction) {
    Objects.requireNonNull(path, "path");
    if (path.isRoot() || !(path.last() instanceof Integer)) {
      throw new InvalidOpException(instruction + " needs a string offset at the end of its path");
    }
    if (text == null) {
      throw new InvalidOpException(instruction + " must be a string");
    }
  }
}
