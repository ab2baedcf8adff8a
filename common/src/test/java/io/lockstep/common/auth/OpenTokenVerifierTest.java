package io.lockstep.common.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.common.config.AuthConfig;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class OpenTokenVerifierTest {

  @Test
  void withoutAKeyEveryTokenOrNoneIsAllowedEverything(Vertx vertx) {
    TokenVerifier verifier = TokenVerifiers.create(vertx, AuthConfig.OPEN);

    assertThat(verifier).isInstanceOf(OpenTokenVerifier.class);
    assertThat(verifier.enabled()).isFalse();
    for (String token : new String[] {null, "", "garbage", "a.b.c"}) {
      Rights r = JwtTokenVerifierTest.accepted(verifier, token);
      assertThat(r).isSameAs(Rights.ALL);
    }
    assertThat(Rights.ALL.canWrite("any/doc")).isTrue();
    assertThat(Rights.ALL.canPublish("any")).isTrue();
  }

  @Test
  void nullAuthConfigMeansAuthenticationOff(Vertx vertx) {
    assertThat(TokenVerifiers.create(vertx, null).enabled()).isFalse();
  }
}
