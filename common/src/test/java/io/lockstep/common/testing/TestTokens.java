package io.lockstep.common.testing;

import io.lockstep.common.config.AuthConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;

/**
 * Mints signed tokens for tests of any module (shared through the common test-jar), with
 * vertx-auth-jwt itself, so tests exercise the same library the server verifies with.
 *
 * <pre>{@code
 * TestTokens tokens = TestTokens.hs256(vertx);
 * LockstepConfig config = LockstepConfig.defaults().withAuth(tokens.authConfig());
 * String token = tokens.token("alice", TestTokens.rights().read("notes/*").write("notes/1"));
 * }</pre>
 *
 * RS256 and ES256 instances generate a fresh key pair; {@link #authConfig()} carries its public key.
 */
public final class TestTokens {

  /** The secret {@link #hs256(Vertx)} signs with: long enough for HS256 (32 bytes or more). */
  public static final String SECRET = "lockstep-test-secret-0123456789abcdef";

  private final JWTAuth signer;
  private final String algorithm;
  private final AuthConfig authConfig;

  private TestTokens(Vertx vertx, String algorithm, String signingKey, AuthConfig authConfig) {
    this.signer = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm(algorithm).setBuffer(signingKey)));
    this.algorithm = algorithm;
    this.authConfig = authConfig;
  }

  /** HS256 tokens signed with {@link #SECRET}. */
  public static TestTokens hs256(Vertx vertx) {
    return hs256(vertx, SECRET);
  }

  /** HS256 tokens signed with {@code secret}. */
  public static TestTokens hs256(Vertx vertx, String secret) {
    return new TestTokens(vertx, "HS256", secret, new AuthConfig(secret, null, "HS256"));
  }

  /** RS256 tokens signed with a fresh 2048-bit RSA key. */
  public static TestTokens rs256(Vertx vertx) {
    return withKeyPair(vertx, "RS256", generate("RSA", null));
  }

  /** ES256 tokens signed with a fresh P-256 key. */
  public static TestTokens es256(Vertx vertx) {
    return withKeyPair(vertx, "ES256", generate("EC", new ECGenParameterSpec("secp256r1")));
  }

  private static TestTokens withKeyPair(Vertx vertx, String algorithm, KeyPair pair) {
    String publicPem = pem("PUBLIC KEY", pair.getPublic().getEncoded());
    String privatePem = pem("PRIVATE KEY", pair.getPrivate().getEncoded());
    return new TestTokens(vertx, algorithm, privatePem, new AuthConfig(null, publicPem, algorithm));
  }

  /** The configuration of a server that accepts these tokens. */
  public AuthConfig authConfig() {
    return authConfig;
  }

  /** The PEM public key that verifies these tokens; null for HS256. */
  public String publicKeyPem() {
    return authConfig.publicKeyPem();
  }

  public String algorithm() {
    return algorithm;
  }

  /** A token for {@code sub} with {@code rights}, valid for one hour. */
  public String token(String sub, RightsClaim rights) {
    return token(sub, rights, Duration.ofHours(1));
  }

  /** A token for {@code sub} with {@code rights} that expires {@code validFor} from now. */
  public String token(String sub, RightsClaim rights, Duration validFor) {
    long exp = nowSeconds() + validFor.toSeconds();
    return sign(new JsonObject().put("sub", sub).put("exp", exp).put("lockstep", rights.toJson()));
  }

  /** A token for {@code sub} allowed everything ({@code *} in every list), valid for one hour. */
  public String allRights(String sub) {
    return token(sub, rights().read("*").write("*").presence("*").publish("*"));
  }

  /** A token for {@code sub} that expired a minute ago. */
  public String expired(String sub, RightsClaim rights) {
    return sign(new JsonObject().put("sub", sub).put("exp", nowSeconds() - 60).put("lockstep", rights.toJson()));
  }

  /** A token with exactly {@code claims}: nothing (no {@code iat}, no {@code exp}) is added. */
  public String sign(JsonObject claims) {
    return signer.generateToken(claims, new JWTOptions().setAlgorithm(algorithm).setNoTimestamp(true));
  }

  /** An unsigned token ({@code "alg":"none"}) with {@code claims}, which servers must refuse. */
  public static String unsigned(JsonObject claims) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    String payload = b64.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8));
    return header + "." + payload + ".";
  }

  /** An empty {@code lockstep} claim to fill in: {@code rights().read("notes/*").write("notes/1")}. */
  public static RightsClaim rights() {
    return new RightsClaim();
  }

  /** DER bytes wrapped as PEM ({@code type} is e.g. {@code PUBLIC KEY} or {@code PRIVATE KEY}). */
  public static String pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  private static KeyPair generate(String kind, ECGenParameterSpec curve) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(kind);
      if (curve != null) {
        generator.initialize(curve);
      } else {
        generator.initialize(2048);
      }
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate a " + kind + " key pair", e);
    }
  }

  private static long nowSeconds() {
    return System.currentTimeMillis() / 1000;
  }

  /** The {@code lockstep} claim being built: pattern lists by kind; lists never added are left out. */
  public static final class RightsClaim {
    private final JsonObject json = new JsonObject();

    private RightsClaim() {}

    public RightsClaim read(String... patterns) {
      return add("read", patterns);
    }

    public RightsClaim write(String... patterns) {
      return add("write", patterns);
    }

    public RightsClaim presence(String... patterns) {
      return add("presence", patterns);
    }

    public RightsClaim publish(String... patterns) {
      return add("publish", patterns);
    }

    private RightsClaim add(String kind, String... patterns) {
      JsonArray list = json.getJsonArray(kind);
      if (list == null) {
        list = new JsonArray();
        json.put(kind, list);
      }
      for (String p : patterns) {
        list.add(p);
      }
      return this;
    }

    public JsonObject toJson() {
      return json.copy();
    }
  }
}
