package io.lockstep.bench.load;

import io.lockstep.common.ot.OtType;
import io.lockstep.common.ot.Side;
import io.lockstep.common.ot.registry.OtTypes;
import java.util.List;

/**
 * How the server turns an editor's op into the op it commits, as far as an editor needs to know
 * it to track the document's length: an OT type transforms the op over what was committed after its
 * base ({@code transform(op, b, LEFT)}); a {@code crdt} op is committed as it is.
 */
interface CommitModel {

  Object parse(Object wireOp);

  Object write(Object op);

  /** {@code op} as committed after {@code committed}: a run of ops, the first made against op's own base. */
  Object afterAll(Object op, List<Object> committed);

  static CommitModel of(String type) {
    if (type.equals("crdt")) {
      return new Commuting();
    }
    @SuppressWarnings("unchecked")
    OtType<Object, Object> ot = (OtType<Object, Object>) OtTypes.byName(type).orElseThrow();
    return new Transforming(ot);
  }

  /** OT: ops are parsed, transformed and written back by the type. */
  record Transforming(OtType<Object, Object> type) implements CommitModel {
    @Override
    public Object parse(Object wireOp) {
      return type.parseOp(wireOp);
    }

    @Override
    public Object write(Object op) {
      return type.writeOp(op);
    }

    @Override
    public Object afterAll(Object op, List<Object> committed) {
      return type.transformOver(op, committed, Side.LEFT);
    }
  }

  /** CRDT: ops commute, so they stay the wire JSON they were sent as. */
  record Commuting() implements CommitModel {
    @Override
    public Object parse(Object wireOp) {
      return wireOp;
    }

    @Override
    public Object write(Object op) {
      return op;
    }

    @Override
    public Object afterAll(Object op, List<Object> committed) {
      return op;
    }
  }
}
