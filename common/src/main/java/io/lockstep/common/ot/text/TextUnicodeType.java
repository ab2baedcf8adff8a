package io.lockstep.common.ot.text;

import io.lockstep.common.ot.OtType;
import io.lockstep.common.ot.Side;

/** PLACEHOLDER: replaced by the real text-unicode implementation. */
public final class TextUnicodeType implements OtType<String, Object> {
  public static final TextUnicodeType INSTANCE = new TextUnicodeType();

  private TextUnicodeType() {}

  @Override public String name() { return "text-unicode"; }
  @Override public String create(Object data) { throw new UnsupportedOperationException(); }
  @Override public Object writeSnapshot(String snapshot) { throw new UnsupportedOperationException(); }
  @Override public Object parseOp(Object json) { throw new UnsupportedOperationException(); }
  @Override public Object writeOp(Object op) { throw new UnsupportedOperationException(); }
  @Override public String apply(String snapshot, Object op) { throw new UnsupportedOperationException(); }
  @Override public Object transform(Object op, Object other, Side side) { throw new UnsupportedOperationException(); }
  @Override public Object compose(Object first, Object second) { throw new UnsupportedOperationException(); }
  @Override public Object normalize(Object op) { throw new UnsupportedOperationException(); }
  @Override public boolean isNoop(Object op) { throw new UnsupportedOperationException(); }
}
