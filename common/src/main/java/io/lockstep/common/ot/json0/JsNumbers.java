package io.lockstep.common.ot.json0;

import io.lockstep.common.ot.InvalidOpException;
import java.math.BigInteger;

/**
 * Number arithmetic for {@code na}, matching JavaScript, which has one number type (an IEEE double):
 * integral operands whose sum fits in a {@code long} stay integral ({@code Integer} when it fits,
 * else {@code Long}); anything else is added as doubles.
 */
final class JsNumbers {
  private JsNumbers() {}

  /** The sum; a sum past the largest double is refused, since JSON cannot carry Infinity. */
  static Number add(Number a, Number b) {
    if (isIntegral(a) && isIntegral(b)) {
      try {
        return narrow(Math.addExact(a.longValue(), b.longValue()));
      } catch (ArithmeticException overflow) {
        return finite(a.doubleValue() + b.doubleValue());
      }
    }
    return finite(a.doubleValue() + b.doubleValue());
  }

  private static double finite(double sum) {
    if (!Double.isFinite(sum)) {
      throw new InvalidOpException("na overflows: the sum is not a finite number");
    }
    return sum;
  }

  static Number negate(Number n) {
    if (isIntegral(n) && n.longValue() != Long.MIN_VALUE) {
      return narrow(-n.longValue());
    }
    return -n.doubleValue();
  }

  /** Whether {@code n} is zero, so that adding it changes nothing. */
  static boolean isZero(Number n) {
    return n.doubleValue() == 0;
  }

  private static boolean isIntegral(Number n) {
    if (n instanceof BigInteger big) {
      return big.bitLength() < 64;
    }
    return n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte;
  }

  private static Number narrow(long n) {
    // An if, not a conditional expression: `c ? Integer : Long` would unbox and widen to a Long.
    if (n == (int) n) {
      return Integer.valueOf((int) n);
    }
    return Long.valueOf(n);
  }
}
