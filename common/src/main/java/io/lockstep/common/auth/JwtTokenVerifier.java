package io.lockstep.common.auth;

import io.lockstep.common.config.AuthConfig;
import io.lockstep.common.config.ConfigException;
import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.LockstepException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Verifies JSON Web Tokens as PROTOCOL.md §5 describes, with vertx-auth-jwt: HS256 with a shared
 * secret, or RS256/ES256 with a PEM public key. Exactly one algorithm is accepted, the configured
 * one; a token signed with another (including {@code none}) is refused.
 *
 * <p>A token is accepted when its signature verifies, its {@code exp} (if present) is not past by
 * more than {@link #LEEWAY_SECONDS}, and it carries a non-empty string {@code sub}. Its
 * {@code lockstep} claim, {@code {"read":[…],"write":[…],"presence":[…],"publish":[…]}}, becomes the
 * {@link Rights}; a missing claim or list grants nothing of that kind. A token without {@code exp}
 * never expires ({@link Rights#expiresAtMs()} is {@link Long#MAX_VALUE}).
 *
 * <p>{@link #verify} never throws: every refusal is a failed future holding a
 * {@link LockstepException} with {@link ErrorCode#UNAUTHORIZED} and a message that says why.
 * Instances are immutable and safe to share between event loops.
 */
public final class JwtTokenVerifier implements TokenVerifier {

  /** Clock skew tolerated on {@code exp}, {@code nbf} and {@code iat}, in seconds. */
  public static final int LEEWAY_SECONDS = 5;

  /** The claim that carries a token's rights. */
  public static final String RIGHTS_CLAIM = "lockstep";

  private final JWTAuth jwt;
  private final String algorithm;

  private JwtTokenVerifier(JWTAuth jwt, String algorithm) {
    this.jwt = jwt;
    this.algorithm = algorithm;
  }

  /**
   * A verifier for the key in {@code auth}.
   *
   * @throws ConfigException when {@code auth} has no key, or the key cannot be loaded for its
   *     algorithm
   */
  public static JwtTokenVerifier create(Vertx vertx, AuthConfig auth) {
    if (!auth.enabled()) {
      throw new ConfigException("a JWT verifier needs a secret or a public key");
    }
    boolean hmac = auth.hmacSecret() != null;
    PubSecKeyOptions key = new PubSecKeyOptions()
        .setAlgorithm(auth.algorithm())
        .setBuffer(hmac ? auth.hmacSecret() : auth.publicKeyPem());
    JWTAuthOptions options = new JWTAuthOptions()
        .addPubSecKey(key)
        .setJWTOptions(new JWTOptions().setLeeway(LEEWAY_SECONDS));
    try {
      return new JwtTokenVerifier(JWTAuth.create(vertx, options), auth.algorithm());
    } catch (RuntimeException e) {
      throw new ConfigException("cannot use the configured " + (hmac ? "secret" : "public key") + " for "
          + auth.algorithm() + ": " + reason(e), e);
    }
  }

  @Override
  public Future<Rights> verify(String token) {
    if (token == null || token.isBlank()) {
      return unauthorized("missing token");
    }
    String compact = token.trim();
    JsonObject header = decodePart(compact, 0);
    if (header == null) {
      return unauthorized("invalid token: not a JWT (expected header.payload.signature in base64url)");
    }
    if (!algorithm.equals(header.getValue("alg"))) {
      return unauthorized("invalid token: signed with " + header.getValue("alg") + ", but this server accepts "
          + algorithm + " only");
    }
    Future<User> user;
    try {
      user = jwt.authenticate(new TokenCredentials(compact));
    } catch (RuntimeException e) {
      // vertx-auth-jwt reports most failures as failed futures, but a few malformed inputs
      // throw from the call itself; both end up as the same refusal.
      user = Future.failedFuture(e);
    }
    return user.transform(ar -> {
      if (ar.failed()) {
        return unauthorized(expiredAt(compact)
            .map(exp -> "token expired at " + Instant.ofEpochSecond(exp))
            .orElseGet(() -> "invalid token: " + reason(ar.cause())));
      }
      try {
        return Future.succeededFuture(rightsOf(claims(ar.result())));
      } catch (LockstepException e) {
        return Future.failedFuture(e);
      }
    });
  }

  @Override
  public boolean enabled() {
    return true;
  }

  /** The one algorithm this verifier accepts. */
  public String algorithm() {
    return algorithm;
  }

  @Override
  public String toString() {
    return "JWT " + algorithm;
  }

  /**
   * Reads the rights of a verified token's claims.
   *
   * @throws LockstepException ({@code unauthorized}) when {@code sub} is missing or the
   *     {@code lockstep} claim is malformed
   */
  static Rights rightsOf(JsonObject claims) {
    Object sub = claims.getValue("sub");
    if (!(sub instanceof String) || ((String) sub).isBlank()) {
      throw refusal("invalid token: no 'sub' (user id) claim");
    }
    long expiresAtMs = Long.MAX_VALUE;
    Object exp = claims.getValue("exp");
    if (exp instanceof Number) {
      // The same leeway the signature check allows, so hello and later requests agree on expiry;
      // saturating, because a validly signed exp may be absurdly far in the future.
      double ms = (((Number) exp).doubleValue() + LEEWAY_SECONDS) * 1000;
      expiresAtMs = ms >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) ms;
    } else if (exp != null) {
      throw refusal("invalid token: 'exp' must be a number of seconds");
    }
    Object value = claims.getValue(RIGHTS_CLAIM);
    JsonObject rights;
    if (value == null) {
      rights = new JsonObject();
    } else if (value instanceof JsonObject) {
      rights = (JsonObject) value;
    } else {
      throw refusal("invalid token: the 'lockstep' claim must be an object of pattern lists");
    }
    return new Rights((String) sub, expiresAtMs, patterns(rights, "read"), patterns(rights, "write"),
        patterns(rights, "presence"), patterns(rights, "publish"));
  }

  private static List<IdPattern> patterns(JsonObject rights, String kind) {
    Object value = rights.getValue(kind);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray)) {
      throw refusal("invalid token: lockstep." + kind + " must be a list of id patterns");
    }
    JsonArray list = (JsonArray) value;
    List<IdPattern> patterns = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      Object p = list.getValue(i);
      if (!(p instanceof String)) {
        throw refusal("invalid token: lockstep." + kind + "[" + i + "] must be a string");
      }
      try {
        patterns.add(new IdPattern((String) p));
      } catch (IllegalArgumentException e) {
        throw refusal("invalid token: lockstep." + kind + "[" + i + "]: " + e.getMessage());
      }
    }
    return patterns;
  }

  /**
   * Decodes part {@code index} of a compact JWT as a JSON object, or null when it is not one.
   * Used only to explain a refusal or pick the algorithm; nothing here is trusted before the
   * signature is verified.
   */
  private static JsonObject decodePart(String compact, int index) {
    String[] parts = compact.split("\\.", -1);
    if (parts.length != 3) {
      return null;
    }
    try {
      byte[] json = Base64.getUrlDecoder().decode(parts[index]);
      return new JsonObject(new String(json, StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The {@code exp} of a token that is past it (leeway included), to say so when it is refused. */
  private static Optional<Long> expiredAt(String compact) {
    JsonObject payload = decodePart(compact, 1);
    Object exp = payload == null ? null : payload.getValue("exp");
    if (exp instanceof Number) {
      long seconds = ((Number) exp).longValue();
      if (System.currentTimeMillis() / 1000 > seconds + LEEWAY_SECONDS) {
        return Optional.of(seconds);
      }
    }
    return Optional.empty();
  }

  /** The decoded claims vertx-auth-jwt keeps for a verified token. */
  private static JsonObject claims(User user) {
    JsonObject decoded = user.attributes().getJsonObject("accessToken");
    return decoded != null ? decoded : user.principal();
  }

  private static String reason(Throwable e) {
    if (e instanceof ClassCastException) {
      return "a claim has the wrong type";
    }
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      return e.getClass().getSimpleName();
    }
    return message;
  }

  private static LockstepException refusal(String message) {
    return new LockstepException(ErrorCode.UNAUTHORIZED, message);
  }

  private static Future<Rights> unauthorized(String message) {
    return Future.failedFuture(refusal(message));
  }
}
