package io.lockstep.common.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ErrorCodeTest {

  @Test
  void wireNamesAreExactlyThoseOfTheProtocol() {
    assertThat(Arrays.stream(ErrorCode.values()).map(ErrorCode::wire)).containsExactly(
        "bad_request", "unauthorized", "forbidden", "not_found", "conflict", "invalid_op",
        "version_ahead", "too_large", "rate_limited", "unavailable", "internal");
  }

  @Test
  void eachCodeMapsToItsDocumentedHttpStatus() {
    assertThat(Arrays.stream(ErrorCode.values()).map(ErrorCode::httpStatus))
        .containsExactly(400, 401, 403, 404, 409, 422, 400, 413, 429, 503, 500);
  }

  @Test
  void onlyRateLimitedAndUnavailableAreTemporary() {
    assertThat(Arrays.stream(ErrorCode.values()).filter(ErrorCode::temporary))
        .containsExactlyInAnyOrderElementsOf(List.of(ErrorCode.RATE_LIMITED, ErrorCode.UNAVAILABLE));
  }

  @ParameterizedTest
  @EnumSource(ErrorCode.class)
  void wireNameReadsBackAsTheSameCode(ErrorCode code) {
    assertThat(ErrorCode.fromWire(code.wire())).contains(code);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"BAD_REQUEST", "Bad_Request", "bad-request", " bad_request", "teapot"})
  void unknownWireNamesReadAsNothing(String wire) {
    assertThat(ErrorCode.fromWire(wire)).isEmpty();
  }

  @Test
  void lockstepExceptionCarriesItsCodeAndMessageWithoutAStackTrace() {
    LockstepException e = new LockstepException(ErrorCode.NOT_FOUND, "no document notes/1");

    assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(e.getMessage()).isEqualTo("no document notes/1");
    assertThat(e.getStackTrace()).isEmpty();
    assertThat(e).hasToString("LockstepException[not_found]: no document notes/1");
  }

  @Test
  void lockstepExceptionKeepsItsCause() {
    IllegalStateException cause = new IllegalStateException("connection reset");

    LockstepException e = new LockstepException(ErrorCode.UNAVAILABLE, "store unavailable", cause);

    assertThat(e.getCause()).isSameAs(cause);
    assertThat(e.code().temporary()).isTrue();
  }
}
