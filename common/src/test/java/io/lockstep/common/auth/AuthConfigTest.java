package io.lockstep.common.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockstep.common.config.AuthConfig;
import org.junit.jupiter.api.Test;

class AuthConfigTest {
  private static final String SECRET = "auth-config-test-secret-of-32-bytes";

  @Test
  void algorithmIsInferredFromTheKindOfKeyAndNormalized() {
    assertThat(new AuthConfig(SECRET, null, null).algorithm()).isEqualTo("HS256");
    assertThat(new AuthConfig(null, "PEM", null).algorithm()).isEqualTo("RS256");
    assertThat(new AuthConfig(null, "PEM", "es256").algorithm()).isEqualTo("ES256");
    assertThat(AuthConfig.OPEN.enabled()).isFalse();
  }

  @Test
  void inconsistentSettingsAreRejected() {
    assertThatThrownBy(() -> new AuthConfig("s", "PEM", null)).hasMessageContaining("not both");
    assertThatThrownBy(() -> new AuthConfig(SECRET, null, "RS256")).hasMessageContaining("public key");
    assertThatThrownBy(() -> new AuthConfig(null, "PEM", "HS256")).hasMessageContaining("shared secret");
    assertThatThrownBy(() -> new AuthConfig(null, null, "HS256")).hasMessageContaining("no secret");
    assertThatThrownBy(() -> new AuthConfig(SECRET, null, "HS512")).hasMessageContaining("HS256, RS256 or ES256");
    assertThatThrownBy(() -> new AuthConfig(" ", null, null)).hasMessageContaining("empty");
    assertThatThrownBy(() -> new AuthConfig("x".repeat(31), null, null)).hasMessageContaining("at least 32 bytes, got 31");
  }

  @Test
  void toStringNeverShowsTheSecret() {
    assertThat(new AuthConfig(SECRET + "-value", null, null).toString()).doesNotContain(SECRET);
  }
}
