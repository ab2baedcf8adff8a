package io.lockstep.common.ot.text;

import io.lockstep.common.ot.InvalidOpException;
import io.lockstep.common.ot.OtType;
import io.lockstep.common.ot.Side;
import io.lockstep.common.ot.rope.Rope;
import java.util.List;
import java.util.Objects;

/**
 * The {@code text-unicode} OT type (ottypes/text-unicode v4): plain-text documents edited by ops
 * such as {@code [5, "abc", {"d": 2}]} — skip 5, insert "abc", delete 2. Every offset and length
 * counts Unicode code points, so {@code 😀} is one character to every client whatever its string
 * encoding. Snapshots are {@link Rope}s, so an edit costs O(log n) in the document's length; their
 * JSON form ({@link #writeSnapshot}) is the plain string. All methods are pure and thread-safe.
 *
 * <p>Ties: {@code transform(op, other, LEFT)} puts {@code op}'s insert before {@code other}'s when
 * both insert at the same position.
 */
public final class TextUnicodeType implements OtType<Rope, TextOp> {

  /** The one instance; the type has no state. */
  public static final TextUnicodeType INSTANCE = new TextUnicodeType();

  private TextUnicodeType() {}

  @Override
  public String name() {
    return "text-unicode";
  }

  /** The document holding {@code data}, which must be a JSON string of well-formed UTF-16. */
  @Override
  public Rope create(Object data) {
    if (!(data instanceof String s)) {
      throw new InvalidOpException("text-unicode document data must be a string");
    }
    int lone = CodePoints.loneSurrogate(s);
    if (lone >= 0) {
      throw new InvalidOpException("text-unicode document holds a lone surrogate at UTF-16 index " + lone);
    }
    return Rope.of(s);
  }

  /** The document's text as one string. */
  @Override
  public Object writeSnapshot(Rope snapshot) {
    return snapshot.toString();
  }

  /** Parses a wire op; throws {@link InvalidOpException} naming the malformed component. */
  @Override
  public TextOp parseOp(Object json) {
    return TextOpCodec.parse(json);
  }

  @Override
  public Object writeOp(TextOp op) {
    return TextOpCodec.write(op);
  }

  /**
   * The document with {@code op} applied. Throws {@link InvalidOpException} when a skip or delete
   * runs past the end of the document, or a text delete does not match the text it removes.
   */
  @Override
  public Rope apply(Rope snapshot, TextOp op) {
    return TextApply.apply(Objects.requireNonNull(snapshot, "snapshot"), Objects.requireNonNull(op, "op"));
  }

  /**
   * {@code op} rewritten to apply after {@code other}. Both are normalized first: the reference
   * expects normalized input, and two adjacent inserts must tie-break as the one insert they mean.
   */
  @Override
  public TextOp transform(TextOp op, TextOp other, Side side) {
    Objects.requireNonNull(side, "side");
    return TextTransform.transform(normalize(op), normalize(other), side);
  }

  /** Over a run of ops; keystrokes over keystrokes by arithmetic ({@link PointEdit}). */
  @Override
  public TextOp transformOver(TextOp op, List<? extends TextOp> others, Side side) {
    Objects.requireNonNull(side, "side");
    return PointEdit.transformOver(normalize(op), others, side);
  }

  @Override
  public TextOp compose(TextOp first, TextOp second) {
    return TextCompose.compose(normalize(first), normalize(second));
  }

  /** {@code op} with adjacent inserts and adjacent deletes merged; the order of components is kept. */
  @Override
  public TextOp normalize(TextOp op) {
    return isNormalized(Objects.requireNonNull(op, "op")) ? op : new Appender().appendAll(op).build();
  }

  /** Whether no insert follows an insert and no delete a delete (skips never follow skips in any op). */
  private static boolean isNormalized(TextOp op) {
    List<TextComponent> c = op.components();
    for (int i = 1; i < c.size(); i++) {
      if (c.get(i).getClass() == c.get(i - 1).getClass()) {
        return false;
      }
    }
    return true;
  }

  /** Only the empty op is a no-op: any other valid op inserts or deletes something. */
  @Override
  public boolean isNoop(TextOp op) {
    return op.isEmpty();
  }

  /**
   * Where a cursor at code point {@code cursor} of the document ends up after {@code op}: text
   * inserted before it pushes it right, text inserted exactly at it leaves it in front, and a
   * delete around it pulls it back to where the deleted text began.
   *
   * @throws IllegalArgumentException when {@code cursor} is negative
   */
  public int transformPosition(int cursor, TextOp op) {
    if (cursor < 0) {
      throw new IllegalArgumentException("cursor must be >= 0, got " + cursor);
    }
    return TextTransform.position(cursor, Objects.requireNonNull(op, "op"));
  }
}
