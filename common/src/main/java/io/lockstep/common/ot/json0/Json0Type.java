package io.lockstep.common.ot.json0;

import io.lockstep.common.ot.InvalidOpException;
import io.lockstep.common.ot.OtType;
import io.lockstep.common.ot.Side;
import java.util.Objects;

/**
 * The json0 OT type (ottypes/json0 1.1.0 semantics, as ShareDB uses it) over plain JSON documents:
 * objects, lists, strings (edited in UTF-16 code units), numbers, booleans and null.
 *
 * <p>Snapshots are plain JSON values, except that a string edited by {@code si}, {@code sd} or a
 * text0 subtype op is held as a {@link io.lockstep.common.ot.rope.Rope}, so that an edit costs
 * O(log n) in the string's length rather than a copy of it; {@link #writeSnapshot} gives the plain
 * JSON form. {@link #create} copies its data into unmodifiable collections;
 * {@link #apply} never modifies the snapshot it is given, and shares every subtree the op does not
 * touch with it. Transform and compose give exactly the reference's ops, ties included (LEFT wins;
 * see shared/conformance/README.md). Apply is stricter than the reference where the reference
 * silently does something odd with an op that does not fit the document (see {@link Json0Apply}).
 */
public final class Json0Type implements OtType<Object, Json0Op> {
  /** The type; it holds no state. */
  public static final Json0Type INSTANCE = new Json0Type();

  private static final PairwiseTransform<Json0Component> PAIRWISE =
      new PairwiseTransform<>(Json0ComponentTransform::transform, Json0Appender::append);

  private Json0Type() {}

  @Override
  public String name() {
    return "json0";
  }

  /** @throws InvalidOpException when {@code data} is not plain JSON */
  @Override
  public Object create(Object data) {
    return JsonData.freeze(data);
  }

  /** The snapshot as plain JSON: edited strings flattened; parts without one are shared, not copied. */
  @Override
  public Object writeSnapshot(Object snapshot) {
    return JsonData.plain(snapshot);
  }

  @Override
  public Json0Op parseOp(Object json) {
    return Json0Codec.parse(json);
  }

  @Override
  public Object writeOp(Json0Op op) {
    return Json0Codec.write(op);
  }

  @Override
  public Object apply(Object snapshot, Json0Op op) {
    return Json0Apply.apply(snapshot, Objects.requireNonNull(op, "op"));
  }

  /**
   * @throws InvalidOpException when the two ops cannot both be valid on one document (for example two
   *     string deletes that disagree on the text they delete)
   */
  @Override
  public Json0Op transform(Json0Op op, Json0Op other, Side side) {
    Objects.requireNonNull(side, "side");
    return new Json0Op(PAIRWISE.transform(op.components(), other.components(), side));
  }

  @Override
  public Json0Op compose(Json0Op first, Json0Op second) {
    return Json0Compose.compose(first, second);
  }

  @Override
  public Json0Op normalize(Json0Op op) {
    return Json0Compose.normalize(op);
  }

  @Override
  public boolean isNoop(Json0Op op) {
    return Json0Compose.isNoop(op);
  }

  /**
   * The op that undoes {@code op}: applying {@code op} then its inverse gives back the document, as
   * long as the values {@code op} deletes ({@code od}, {@code ld}) are what the document held.
   */
  public Json0Op invert(Json0Op op) {
    return Json0Invert.invert(op);
  }
}
