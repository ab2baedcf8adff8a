package io.lockstep.common.ot.json0;

import io.lockstep.common.ot.OtType;
import io.lockstep.common.ot.Side;

/** PLACEHOLDER: replaced by the real json0 implementation. */
public final class Json0Type implements OtType<Object, Object> {
  public static final Json0Type INSTANCE = new Json0Type();

  private Json0Type() {}

  @Override public String name() { return "json0"; }
  @Override public Object create(Object data) { throw new UnsupportedOperationException(); }
  @Override public Object writeSnapshot(Object snapshot) { throw new UnsupportedOperationException(); }
  @Override public Object parseOp(Object json) { throw new UnsupportedOperationException(); }
  @Override public Object writeOp(Object op) { throw new UnsupportedOperationException(); }
  @Override public Object apply(Object snapshot, Object op) { throw new UnsupportedOperationException(); }
  @Override public Object transform(Object op, Object other, Side side) { throw new UnsupportedOperationException(); }
  @Override public Object compose(Object first, Object second) { throw new UnsupportedOperationException(); }
  @Override public Object normalize(Object op) { throw new UnsupportedOperationException(); }
  @Override public boolean isNoop(Object op) { throw new UnsupportedOperationException(); }
}
