package io.lockstep.common.ot;

import java.util.List;

/**
 * An operational-transformation type: snapshots of type {@code S}, ops of type {@code O}, all
 * immutable values and pure functions. Implementations never mutate an argument, never perform
 * I/O, and report bad input with {@link InvalidOpException} (never an NPE or an index error from
 * deep inside).
 *
 * <p>The wire side ({@link #parseOp}, {@link #writeOp}, {@link #create}, {@link #writeSnapshot})
 * speaks plain JSON values as Jackson and Vert.x's {@code JsonObject#getMap()} produce them:
 * {@code Map<String,Object>}, {@code List<Object>}, {@code String}, {@code Number},
 * {@code Boolean} and {@code null}.
 *
 * @param <S> snapshot
 * @param <O> op
 */
public interface OtType<S, O> {

  /** The type's wire name, e.g. {@code "json0"}. */
  String name();

  /** The snapshot for a document created with {@code data}; throws when the data does not fit the type. */
  S create(Object data);

  /** The snapshot as plain JSON. */
  Object writeSnapshot(S snapshot);

  /** Parses and validates the structure of an op given as plain JSON (does not look at any document). */
  O parseOp(Object json);

  /** The op as plain JSON, in the wire format of PROTOCOL.md. */
  Object writeOp(O op);

  /** The snapshot with {@code op} applied; throws {@link InvalidOpException} when it does not apply. */
  S apply(S snapshot, O op);

  /**
   * {@code op} rewritten so that it applies after {@code other}, both made against the same
   * snapshot. {@code side} breaks ties: {@link Side#LEFT} means {@code op} wins.
   */
  O transform(O op, O other, Side side);

  /**
   * {@code op} rewritten to apply after all of {@code others}: the first made against the same
   * snapshot as {@code op}, each next one against the result of the one before (a run of committed
   * history). The same as transforming over each in turn, which is what this default does; a type
   * may do it with less work.
   */
  default O transformOver(O op, List<? extends O> others, Side side) {
    O result = op;
    for (int i = 0; i < others.size(); i++) {
      result = transform(result, others.get(i), side);
    }
    return result;
  }

  /** One op with the effect of {@code first} followed by {@code second}. */
  O compose(O first, O second);

  /** The canonical form of {@code op}; applying either gives the same snapshot. */
  O normalize(O op);

  /** Whether {@code op} changes nothing whatever snapshot it is applied to. */
  boolean isNoop(O op);
}
