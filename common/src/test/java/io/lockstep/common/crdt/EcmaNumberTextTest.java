package io.lockstep.common.crdt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Numbers in set elements are written as JavaScript writes them (PROTOCOL.md §6: elements are
 * compared, and a set sorted, by their JSON text). The examples are shared with the JavaScript
 * replica's test (clients/js/test/fixtures/number-text.json, expected texts as node writes them);
 * the properties check random doubles against an independent reference: the text reads back as the
 * same double, has the fewest significant digits that do (found by rounding the exact value with
 * BigDecimal), and is in fixed notation exactly for 1e-6 ≤ |x| < 1e21.
 */
class EcmaNumberTextTest {
  private static final Path EXAMPLES = Path.of("../clients/js/test/fixtures/number-text.json");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern FIXED = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]*[1-9])?");
  private static final Pattern EXPONENT = Pattern.compile("-?[1-9](\\.[0-9]*[1-9])?e[+-][1-9][0-9]*");

  @Test
  void theSharedExamplesAreWrittenAsJavaScriptWritesThem() throws IOException {
    List<?> examples = JSON.readValue(Files.readString(EXAMPLES), List.class);
    assertThat(examples).hasSizeGreaterThan(20);
    for (Object example : examples) {
      Map<?, ?> e = (Map<?, ?>) example;
      Object parsed = JSON.readValue((String) e.get("json"), Object.class);
      assertThat(CanonicalJson.text(CanonicalJson.freeze(parsed, true))).as("%s", e.get("json")).isEqualTo(e.get("text"));
    }
  }

  @Test
  void anyDoubleIsWrittenShortestAndReadsBack() {
    qt().withExamples(10_000).forAll(longs().all()).assuming(bits -> Double.isFinite(Double.longBitsToDouble(bits)))
        .checkAssert(bits -> check(Double.longBitsToDouble(bits)));
  }

  @Test
  void doublesAroundTheNotationThresholdsAreWrittenShortestAndReadBack() {
    qt().withExamples(5_000).forAll(doubles().between(1, 10), integers().between(-12, 25)).checkAssert((m, e) ->
        check(m * Math.pow(10, e)));
    qt().withExamples(2_000).forAll(longs().between(-(1L << 62), 1L << 62)).checkAssert(n -> check((double) n));
  }

  @Test
  void equalNumbersAreOneElement() {
    assertThat(CanonicalJson.freeze(1.0, true)).isEqualTo(1L);
    assertThat(CanonicalJson.freeze(-0.0, true)).isEqualTo(0L);
    assertThat(CanonicalJson.freeze(new java.math.BigInteger("9007199254740993"), true)).isEqualTo(9007199254740992L);
    assertThat(CanonicalJson.freeze(9007199254740993L, true)).isEqualTo(9007199254740992L);
    assertThat(CanonicalJson.freeze(new BigDecimal("0.10"), true)).isEqualTo(0.1);
  }

  private static void check(double x) {
    String text = CanonicalJson.text(CanonicalJson.freeze(x, true));
    if (x == 0) {
      assertThat(text).isEqualTo("0");
      return;
    }
    assertThat(Double.parseDouble(text)).as("%s reads back", text).isEqualTo(x);
    assertThat(new BigDecimal(text.replace("e+", "e")).compareTo(shortest(x))).as("%s for %s is the shortest", text, x).isZero();
    double abs = Math.abs(x);
    boolean fixed = abs >= 1e-6 && abs < 1e21;
    assertThat((fixed ? FIXED : EXPONENT).matcher(text).matches()).as("%s for %s is in %s notation", text, x,
        fixed ? "fixed" : "exponent").isTrue();
  }

  /** The decimal with the fewest significant digits that reads back as {@code x}; of two, the closer, then the even. */
  private static BigDecimal shortest(double x) {
    BigDecimal exact = new BigDecimal(x);
    for (int digits = 1; digits <= 17; digits++) {
      BigDecimal down = exact.round(new MathContext(digits, RoundingMode.FLOOR));
      BigDecimal up = exact.round(new MathContext(digits, RoundingMode.CEILING));
      boolean downReads = Double.parseDouble(down.toString()) == x;
      boolean upReads = Double.parseDouble(up.toString()) == x;
      if (downReads && upReads) {
        int closer = exact.subtract(down).compareTo(up.subtract(exact));
        return closer < 0 || closer == 0 && !down.unscaledValue().testBit(0) ? down : up;
      }
      if (downReads || upReads) {
        return downReads ? down : up;
      }
    }
    throw new AssertionError("no decimal of 17 digits reads back as " + x);
  }
}
