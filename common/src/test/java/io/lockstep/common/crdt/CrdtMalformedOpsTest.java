package io.lockstep.common.crdt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.LockstepException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Thousands of generated ops, mostly malformed, some valid: parsing and committing either succeed
 * or fail with a wire code that fits (never another exception), a refused op leaves the document as
 * it was, and no error message repeats the op's content.
 */
class CrdtMalformedOpsTest {
  private static final String SECRET = "s3cr3t";
  private static final List<String> KEYS = List.of("p", "inc", "set", "add", "remove", "t", "rm", "x");
  private static final CrdtLimits LIMITS = new CrdtLimits(6, 5, 64, 16, 1_000);

  @Test
  void generatedOpsAreRefusedWithAFittingCode() {
    qt().withExamples(3_000).forAll(longs().all()).checkAssert(seed -> {
      Random random = new Random(seed);
      CrdtState state = CrdtHistory.random(seed, random.nextInt(12), 2).inOrder();
      Object json = random.nextInt(10) == 0 ? anyValue(random, 2) : op(random);
      CrdtOp parsed;
      try {
        parsed = CrdtOpCodec.parseSubmitted(json, LIMITS);
      } catch (LockstepException e) {
        assertThat(e.code()).isIn(ErrorCode.BAD_REQUEST, ErrorCode.TOO_LARGE);
        assertThat(e.getMessage()).doesNotContain(SECRET);
        return;
      }
      try {
        CrdtOp committed = CrdtCommit.commit(state, parsed, state.version(), "a", 1_000, LIMITS);
        CrdtState next = state.apply(new CommittedOp(state.version() + 1, "a", committed));
        assertThat(CrdtStateCodec.read(CrdtStateCodec.write(next), next.version())).isEqualTo(next);
        assertThat(CrdtOpCodec.parseCommitted(CrdtOpCodec.write(committed))).isEqualTo(committed);
      } catch (LockstepException e) {
        assertThat(e.code()).isIn(ErrorCode.INVALID_OP, ErrorCode.TOO_LARGE);
        assertThat(e.getMessage()).doesNotContain(SECRET);
      }
    });
  }

  @Test
  void snapshotDataThatIsNotAStateIsRefusedPlainly() {
    qt().withExamples(2_000).forAll(longs().all()).checkAssert(seed -> {
      Random random = new Random(seed);
      Map<String, Object> data = new HashMap<>();
      for (int i = random.nextInt(3); i > 0; i--) {
        Map<String, Object> field = new HashMap<>();
        field.put("k", pick(random, List.of("counter", "register", "set", "bag", 3)));
        for (String key : List.of("n", "val", "t", "src", "v", "e")) {
          if (random.nextBoolean()) {
            field.put(key, random.nextBoolean() ? anyValue(random, 3) : List.of(Map.of("val", 1, "adds",
                List.of(List.of(random.nextInt(4), "a")))));
          }
        }
        data.put("f" + i, field);
      }
      try {
        CrdtState state = CrdtStateCodec.read(data, 3);
        assertThat(CrdtStateCodec.read(CrdtStateCodec.write(state), 3)).isEqualTo(state);
      } catch (IllegalArgumentException expected) {
        // refused plainly: no NPE or ClassCastException from deep inside
      }
    });
  }

  private static Object op(Random random) {
    List<Object> components = new ArrayList<>();
    for (int i = random.nextInt(4); i >= 0; i--) {
      if (random.nextInt(12) == 0) {
        components.add(anyValue(random, 2));
        continue;
      }
      Map<String, Object> component = new LinkedHashMap<>();
      component.put("p", random.nextInt(6) == 0 ? anyValue(random, 1) : List.of(pick(random, List.of("n", "s", "r", "", "a-very-long-field-name"))));
      for (String key : KEYS.subList(1, KEYS.size())) {
        if (random.nextInt(4) == 0) {
          component.put(key, random.nextBoolean() ? anyValue(random, 3) : plausible(random, key));
        }
      }
      components.add(component);
    }
    return components;
  }

  private static Object plausible(Random random, String key) {
    return switch (key) {
      case "inc", "t" -> pick(random, List.of(1, -4, 2.0, 2.5, Long.MAX_VALUE, 1L << 53, -(1L << 53) + 1, 0));
      case "rm" -> List.of(1, 2);
      default -> pick(random, List.of("tag", 3, Map.of("k", SECRET), List.of(SECRET, 1.5)));
    };
  }

  private static Object anyValue(Random random, int depth) {
    int kind = random.nextInt(depth > 0 ? 12 : 9);
    return switch (kind) {
      case 0 -> null;
      case 1 -> random.nextBoolean();
      case 2 -> SECRET + random.nextInt(3);
      case 3 -> random.nextInt(7) - 3;
      case 4 -> pick(random, List.of(Double.NaN, Double.POSITIVE_INFINITY, 1e300, -0.0, 0.1));
      case 5 -> new BigInteger("123456789012345678901234567890");
      case 6 -> new BigDecimal("1E+400");
      case 7 -> Long.MIN_VALUE;
      case 8 -> "\ud800x\"\\\n";
      case 9 -> java.util.Arrays.asList(anyValue(random, depth - 1), anyValue(random, depth - 1));
      case 10 -> java.util.Collections.singletonMap("a", anyValue(random, depth - 1));
      default -> Set.of(1); // not a JSON value at all
    };
  }

  private static <T> T pick(Random random, List<T> options) {
    return options.get(random.nextInt(options.size()));
  }
}
