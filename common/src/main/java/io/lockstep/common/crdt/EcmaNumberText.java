package io.lockstep.common.crdt;

import com.fasterxml.jackson.core.io.schubfach.DoubleToDecimal;
import java.math.BigDecimal;

/**
 * A number's text as ECMAScript's {@code Number::toString} (and so {@code JSON.stringify}) writes
 * it, which is what identifies a number in a set element: the fewest significant digits that read
 * back as the same double (of those, the closest), in fixed notation for 1e-6 ≤ |x| < 1e21 and as
 * {@code 1.5e-7} / {@code 1e+21} otherwise; {@code -0} is {@code 0}.
 *
 * <p>The digits come from Jackson's Schubfach writer (JDK 17's {@code Double.toString} is not always
 * shortest). That writer follows JDK 19's {@code Double.toString}, which prefers the closest of the
 * one- and two-digit decimals when one digit would do ({@code 4.9E-324}); ECMAScript takes the one
 * digit ({@code 5e-324}), so a two-digit result is checked for a one-digit one that reads back too.
 */
final class EcmaNumberText {
  private EcmaNumberText() {}

  /** The text of finite {@code x}. */
  static String of(double x) {
    if (!Double.isFinite(x)) {
      throw new IllegalArgumentException("numbers must be finite");
    }
    if (x == 0) {
      return "0";
    }
    if (x < 0) {
      return "-" + of(-x);
    }
    Decimal shortest = oneDigitIfItReadsBack(Decimal.parse(DoubleToDecimal.toString(x)), x);
    return shortest.format();
  }

  /**
   * {@code digits} (no leading or trailing zero) times 10^(n − digits.length), so the value is
   * {@code 0.digits × 10^n}: ECMAScript's k, n and s.
   */
  private record Decimal(String digits, int n) {
    /** From Java's {@code Double.toString} form: {@code 123.45}, {@code 0.002}, {@code 1.0E21}. */
    static Decimal parse(String java) {
      int e = java.indexOf('E');
      String mantissa = e < 0 ? java : java.substring(0, e);
      int exponent = e < 0 ? 0 : Integer.parseInt(java.substring(e + 1));
      int dot = mantissa.indexOf('.');
      String digits = mantissa.substring(0, dot) + mantissa.substring(dot + 1);
      int n = exponent + dot;
      int lead = 0;
      while (digits.charAt(lead) == '0') {
        lead++;
      }
      int end = digits.length();
      while (digits.charAt(end - 1) == '0') {
        end--;
      }
      return new Decimal(digits.substring(lead, end), n - lead);
    }

    double value() {
      return Double.parseDouble("0." + digits + "E" + n);
    }

    BigDecimal exact() {
      return new BigDecimal("0." + digits + "E" + n);
    }

    String format() {
      int k = digits.length();
      if (k <= n && n <= 21) {
        return digits + "0".repeat(n - k);
      }
      if (0 < n && n <= 21) {
        return digits.substring(0, n) + "." + digits.substring(n);
      }
      if (-6 < n && n <= 0) {
        return "0." + "0".repeat(-n) + digits;
      }
      int e = n - 1;
      String mantissa = k == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      return mantissa + "e" + (e < 0 ? "-" : "+") + Math.abs(e);
    }
  }

  private static Decimal oneDigitIfItReadsBack(Decimal found, double x) {
    if (found.digits().length() != 2) {
      return found;
    }
    int first = found.digits().charAt(0) - '0';
    Decimal down = new Decimal(String.valueOf(first), found.n());
    Decimal up = first == 9 ? new Decimal("1", found.n() + 1) : new Decimal(String.valueOf(first + 1), found.n());
    boolean downReads = down.value() == x;
    boolean upReads = up.value() == x;
    if (downReads && upReads) {
      BigDecimal exact = new BigDecimal(x);
      int closer = exact.subtract(down.exact()).abs().compareTo(up.exact().subtract(exact).abs());
      return closer < 0 || closer == 0 && first % 2 == 0 ? down : up;
    }
    return downReads ? down : upReads ? up : found;
  }
}
