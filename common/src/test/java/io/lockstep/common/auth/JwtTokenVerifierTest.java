package io.lockstep.common.auth;

import static io.lockstep.common.testing.TestTokens.rights;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockstep.common.config.AuthConfig;
import io.lockstep.common.config.ConfigException;
import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.LockstepException;
import io.lockstep.common.testing.TestTokens;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class JwtTokenVerifierTest {

  @Test
  void validHs256TokenYieldsItsUserAndRights(Vertx vertx) {
    TestTokens tokens = TestTokens.hs256(vertx);
    TokenVerifier verifier = TokenVerifiers.create(vertx, tokens.authConfig());

    Rights r = accepted(verifier, tokens.token("alice", rights().read("notes/*").write("notes/1")));

    assertThat(verifier.enabled()).isTrue();
    assertThat(r.user()).isEqualTo("alice");
    assertThat(r.canRead("notes/7")).isTrue();
    assertThat(r.canWrite("notes/1")).isTrue();
    assertThat(r.canWrite("notes/2")).isFalse();
    assertThat(r.expiresAtMs()).isGreaterThan(System.currentTimeMillis());
    assertThat(r.expired(System.currentTimeMillis())).isFalse();
  }

  @Test
  void expiredTokenIsRefused(Vertx vertx) {
    TestTokens tokens = TestTokens.hs256(vertx);
    TokenVerifier verifier = TokenVerifiers.create(vertx, tokens.authConfig());

    LockstepException e = refused(verifier, tokens.expired("alice", rights().read("*")));

    assertThat(e.getMessage()).startsWith("token expired at ");
  }

  @Test
  void tokenExpiredWithinTheLeewayIsStillAccepted(Vertx vertx) {
    TestTokens tokens = TestTokens.hs256(vertx);
    TokenVerifier verifier = TokenVerifiers.create(vertx, tokens.authConfig());
    long exp = System.currentTimeMillis() / 1000 - 1;

    Rights r = accepted(verifier, tokens.sign(new JsonObject().put("sub", "alice").put("exp", exp)));

    // Accepted within the leeway, and good until the leeway runs out: hello and later requests agree.
    assertThat(r.expiresAtMs()).isEqualTo((exp + JwtTokenVerifier.LEEWAY_SECONDS) * 1000);
    assertThat(r.expired(System.currentTimeMillis())).isFalse();
  }

  @Test
  void tokenSignedWithAnotherSecretIsRefused(Vertx vertx) {
    TokenVerifier verifier = TokenVerifiers.create(vertx, TestTokens.hs256(vertx).authConfig());
    String forged = TestTokens.hs256(vertx, "some-other-secret-0123456789abcdef").allRights("mallory");

    LockstepException e = refused(verifier, forged);

    assertThat(e.getMessage()).startsWith("invalid token");
  }

  @Test
  void tokenWithATamperedPayloadIsRefused(Vertx vertx) {
    TestTokens tokens = TestTokens.hs256(vertx);
    TokenVerifier verifier = TokenVerifiers.create(vertx, tokens.authConfig());
    String[] parts = tokens.token("alice", rights().read("notes/1")).split("\\.");
    String otherPayload = tokens.allRights("alice").split("\\.")[1];

    refused(verifier, parts[0] + "." + otherPayload + "." + parts[2]);
  }

  @Test
  void missingTokenIsRefused(Vertx vertx) {
    TokenVerifier verifier = TokenVerifiers.create(vertx, TestTokens.hs256(vertx).authConfig());

    assertThat(refused(verifier, null).getMessage()).isEqualTo("missing token");
    assertThat(refused(verifier, "").getMessage()).isEqualTo("missing token");
    assertThat(refused(verifier, "   ").getMessage()).isEqualTo("missing token");
  }

  @Test
  void malformedTokensAreRefused(Vertx vertx) {
    TokenVerifier verifier = TokenVerifiers.create(vertx, TestTokens.hs256(vertx).authConfig());

    for (String bad : new String[] {"abc", "a.b.c", "a.b", "....", "e30.e30.", "!!!.###.$$$", "Bearer x.y.z"}) {
      assertThat(refused(verifier, bad).getMessage()).as(bad).startsWith("invalid token");
    }
  }

  @Test
  void unsignedAlgNoneTokenIsRefused(Vertx vertx) {
    TokenVerifier verifier = TokenVerifiers.create(vertx, TestTokens.hs256(vertx).authConfig());
    JsonObject claims = new JsonObject().put("sub", "mallory")
        .put("exp", System.currentTimeMillis() / 1000 + 3600)
        .put("lockstep", rights().read("*").write("*").toJson());

    refused(verifier, TestTokens.unsigned(claims));
  }

  @Test
  void tokenWithoutSubIsRefused(Vertx vertx) {
    TestTokens tokens = TestTokens.hs256(vertx);
    TokenVerifier verifier = TokenVerifiers.create(vertx, tokens.authConfig());

    assertThat(refused(verifier, tokens.sign(new JsonObject().put("lockstep", rights().read("*").toJson())))
        .getMessage()).contains("sub");
    refused(verifier, tokens.sign(new JsonObject().put("sub", "")));
    refused(verifier, tokens.sign(new JsonObject().put("sub", 42)));
  }

  @Test
  void tokenWithoutExpNeverExpires(Vertx vertx) {
    TestTokens tokens = TestTokens.hs256(vertx);
    TokenVerifier verifier = TokenVerifiers.create(vertx, tokens.authConfig());

    Rights r = accepted(verifier, tokens.sign(new JsonObject().put("sub", "svc")));

    assertThat(r.expiresAtMs()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void rightsFollowExactAndPrefixPatternsPerKind(Vertx vertx) {
    TestTokens tokens = TestTokens.hs256(vertx);
    TokenVerifier verifier = TokenVerifiers.create(vertx, tokens.authConfig());

    Rights r = accepted(verifier, tokens.token("bob",
        rights().read("notes/1", "shared/*").write("notes/1").presence("room:*").publish("feed:news")));

    assertThat(r.canRead("notes/1")).isTrue();
    assertThat(r.canRead("notes/10")).isFalse();
    assertThat(r.canRead("shared/")).isTrue();
    assertThat(r.canRead("shared/x/y")).isTrue();
    assertThat(r.canRead("share")).isFalse();
    assertThat(r.canWrite("notes/1")).isTrue();
    assertThat(r.canWrite("shared/x")).isFalse();
    assertThat(r.canJoin("room:lobby")).isTrue();
    assertThat(r.canJoin("lobby")).isFalse();
    assertThat(r.canPublish("feed:news")).isTrue();
    assertThat(r.canPublish("feed:news2")).isFalse();
  }

  @Test
  void missingListsAndMissingClaimGrantNothing(Vertx vertx) {
    TestTokens tokens = TestTokens.hs256(vertx);
    TokenVerifier verifier = TokenVerifiers.create(vertx, tokens.authConfig());

    Rights onlyRead = accepted(verifier, tokens.token("carol", rights().read("*")));
    Rights none = accepted(verifier, tokens.sign(new JsonObject().put("sub", "dave")));

    assertThat(onlyRead.canRead("anything")).isTrue();
    assertThat(onlyRead.canWrite("anything")).isFalse();
    assertThat(onlyRead.canJoin("anything")).isFalse();
    assertThat(onlyRead.canPublish("anything")).isFalse();
    assertThat(none.canRead("anything")).isFalse();
    assertThat(none.read()).isEmpty();
  }

  @Test
  void malformedRightsClaimIsRefused(Vertx vertx) {
    TestTokens tokens = TestTokens.hs256(vertx);
    TokenVerifier verifier = TokenVerifiers.create(vertx, tokens.authConfig());

    assertThat(refused(verifier, tokens.token("eve", rights().read("a*b"))).getMessage())
        .contains("lockstep.read[0]");
    assertThat(refused(verifier, tokens.sign(new JsonObject().put("sub", "eve")
        .put("lockstep", new JsonObject().put("write", "notes/1")))).getMessage())
        .contains("lockstep.write");
    assertThat(refused(verifier, tokens.sign(new JsonObject().put("sub", "eve")
        .put("lockstep", new JsonObject().put("read", new JsonArray().add(7))))).getMessage())
        .contains("lockstep.read[0]");
    assertThat(refused(verifier, tokens.sign(new JsonObject().put("sub", "eve").put("lockstep", "all")))
        .getMessage()).contains("'lockstep'");
    refused(verifier, tokens.sign(new JsonObject().put("sub", "eve").put("exp", "tomorrow")));
  }

  @Test
  void validRs256TokenIsAccepted(Vertx vertx) {
    TestTokens tokens = TestTokens.rs256(vertx);
    TokenVerifier verifier = TokenVerifiers.create(vertx, tokens.authConfig());

    Rights r = accepted(verifier, tokens.token("alice", rights().write("docs/*")));

    assertThat(r.canWrite("docs/a")).isTrue();
    assertThat(tokens.publicKeyPem()).startsWith("-----BEGIN PUBLIC KEY-----");
  }

  @Test
  void validEs256TokenIsAccepted(Vertx vertx) {
    TestTokens tokens = TestTokens.es256(vertx);
    TokenVerifier verifier = TokenVerifiers.create(vertx, tokens.authConfig());

    Rights r = accepted(verifier, tokens.token("alice", rights().presence("*")));

    assertThat(r.canJoin("room")).isTrue();
    refused(verifier, tokens.expired("alice", rights().presence("*")));
  }

  @Test
  void tokenFromAnotherKeyPairIsRefused(Vertx vertx) {
    TokenVerifier rsa = TokenVerifiers.create(vertx, TestTokens.rs256(vertx).authConfig());
    TokenVerifier ec = TokenVerifiers.create(vertx, TestTokens.es256(vertx).authConfig());

    refused(rsa, TestTokens.rs256(vertx).allRights("mallory"));
    refused(ec, TestTokens.es256(vertx).allRights("mallory"));
  }

  @Test
  void tokenSignedWithAnotherAlgorithmIsRefused(Vertx vertx) {
    TestTokens rs = TestTokens.rs256(vertx);
    TestTokens es = TestTokens.es256(vertx);
    TokenVerifier rsVerifier = TokenVerifiers.create(vertx, rs.authConfig());
    TokenVerifier esVerifier = TokenVerifiers.create(vertx, es.authConfig());
    TokenVerifier hsVerifier = TokenVerifiers.create(vertx, TestTokens.hs256(vertx).authConfig());

    // The classic confusion attack: HS256 keyed with the server's public key, which is no secret.
    refused(rsVerifier, TestTokens.hs256(vertx, rs.publicKeyPem()).allRights("mallory"));
    refused(esVerifier, TestTokens.hs256(vertx, es.publicKeyPem()).allRights("mallory"));
    assertThat(refused(rsVerifier, es.allRights("mallory")).getMessage())
        .isEqualTo("invalid token: signed with ES256, but this server accepts RS256 only");
    refused(esVerifier, rs.allRights("mallory"));
    refused(hsVerifier, rs.allRights("mallory"));
  }

  @Test
  void unusablePublicKeyIsAConfigurationError(Vertx vertx) {
    assertThatThrownBy(() -> TokenVerifiers.create(vertx, new AuthConfig(null, "not a pem", "RS256")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("RS256");
    String rsaKey = TestTokens.rs256(vertx).publicKeyPem();
    assertThatThrownBy(() -> TokenVerifiers.create(vertx, new AuthConfig(null, rsaKey, "ES256")))
        .isInstanceOf(ConfigException.class);
  }

  @Test
  void shortLivedTokenCarriesItsExpiry(Vertx vertx) {
    TestTokens tokens = TestTokens.hs256(vertx);
    TokenVerifier verifier = TokenVerifiers.create(vertx, tokens.authConfig());
    long before = System.currentTimeMillis();

    Rights r = accepted(verifier, tokens.token("alice", rights().read("*"), Duration.ofMinutes(5)));

    long leewayMs = JwtTokenVerifier.LEEWAY_SECONDS * 1000L;
    assertThat(r.expiresAtMs()).isBetween(before + 290_000 + leewayMs, before + 301_000 + leewayMs);
  }

  static Rights accepted(TokenVerifier verifier, String token) {
    try {
      return await(verifier.verify(token));
    } catch (ExecutionException e) {
      throw new AssertionError("token refused: " + e.getCause(), e.getCause());
    }
  }

  static LockstepException refused(TokenVerifier verifier, String token) {
    Future<Rights> result = verifier.verify(token);
    try {
      Rights r = await(result);
      throw new AssertionError("token accepted for " + r.user() + ": " + token);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(LockstepException.class);
      LockstepException le = (LockstepException) e.getCause();
      assertThat(le.code()).isEqualTo(ErrorCode.UNAUTHORIZED);
      assertThat(le.getStackTrace()).isEmpty();
      return le;
    }
  }

  private static <T> T await(Future<T> future) throws ExecutionException {
    try {
      return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
      throw new AssertionError(e);
    }
  }
}
