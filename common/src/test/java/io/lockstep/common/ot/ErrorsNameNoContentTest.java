package io.lockstep.common.ot;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.common.ot.registry.OtTypes;
import io.lockstep.common.testing.SecretProbes;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 item 2 at its source: no {@link InvalidOpException} message of either type carries
 * document content. Thousands of generated ops that do not apply to a document holding a secret are
 * applied directly (version 1) and after being transformed over a committed delete of secret text
 * (version 2), the path a stale op from another client takes on the server.
 */
class ErrorsNameNoContentTest {

  @Test
  void json0ErrorsNameComponentPathAndLengthsOnly() {
    assertNoLeaks(OtTypes.byName("json0").orElseThrow(), SecretProbes.json0Data(), SecretProbes.json0FirstEdit(),
        SecretProbes.invalidJson0Ops(13, 3_000));
  }

  @Test
  void textUnicodeErrorsNameComponentAndLengthsOnly() {
    assertNoLeaks(OtTypes.byName("text-unicode").orElseThrow(), SecretProbes.textData(), SecretProbes.textFirstEdit(),
        SecretProbes.invalidTextOps(13, 3_000));
  }

  private static <S, O> void assertNoLeaks(OtType<S, O> type, Object data, List<Object> firstEdit,
      List<List<Object>> probes) {
    S v1 = type.create(data);
    O committed = type.parseOp(firstEdit);
    S v2 = type.apply(v1, committed);
    int refusedAtV1 = 0;
    int refusedAtV2 = 0;
    for (List<Object> probe : probes) {
      O op = type.parseOp(probe);
      try {
        type.apply(v1, op);
      } catch (InvalidOpException e) {
        refusedAtV1++;
        assertNoSecret(e, probe);
      }
      try {
        type.apply(v2, type.transform(op, committed, Side.RIGHT));
      } catch (InvalidOpException e) {
        refusedAtV2++;
        assertNoSecret(e, probe);
      }
    }
    assertThat(refusedAtV1).as("every probe is refused by the original document").isEqualTo(probes.size());
    assertThat(refusedAtV2).as("nearly every probe is refused after the transform too").isGreaterThan(probes.size() * 9 / 10);
  }

  private static void assertNoSecret(InvalidOpException e, List<Object> probe) {
    assertThat(SecretProbes.leakIn(e.getMessage()))
        .as("message for %s: %s", probe, e.getMessage()).isNull();
  }
}
