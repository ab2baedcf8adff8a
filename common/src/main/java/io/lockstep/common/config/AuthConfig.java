package io.lockstep.common.config;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * How tokens are verified. With neither a secret nor a public key, authentication is off
 * (development mode: every request is allowed, and the launcher says so loudly); the launcher then
 * binds to loopback only unless {@code allowAnonymous} says that anonymous access is meant.
 *
 * @param hmacSecret shared secret for HS256 tokens, or null
 * @param publicKeyPem PEM public key for RS256 or ES256 tokens, or null
 * @param algorithm {@code HS256}, {@code RS256} or {@code ES256}; null when authentication is off.
 *     When null with a key, it is inferred: {@code HS256} for a secret, {@code RS256} for a public key.
 *     Case does not matter; it is stored upper case.
 * @param allowAnonymous the operator's explicit opt-in to serving clients without a key on a
 *     non-loopback address ({@code --allow-anonymous}); meaningless with a key
 * @throws IllegalArgumentException when both keys are given, a key is blank, the secret is shorter
 *     than {@link #MIN_SECRET_BYTES}, the algorithm is not one
 *     of the three, does not fit the kind of key (HS256 needs the secret, RS256/ES256 the public key),
 *     or is given without any key
 */
public record AuthConfig(String hmacSecret, String publicKeyPem, String algorithm, boolean allowAnonymous) {
  public static final AuthConfig OPEN = new AuthConfig(null, null, null);

  /** Shortest HS256 secret accepted: HS256's key should be at least as long as its 256-bit hash. */
  public static final int MIN_SECRET_BYTES = 32;

  /** The algorithms Lockstep accepts tokens for. */
  public static final Set<String> ALGORITHMS = Set.of("HS256", "RS256", "ES256");

  public AuthConfig {
    if (hmacSecret != null && publicKeyPem != null) {
      throw new IllegalArgumentException("configure either a JWT secret or a public key, not both");
    }
    if (hmacSecret != null && hmacSecret.isBlank()) {
      throw new IllegalArgumentException("the JWT secret must not be empty");
    }
    if (hmacSecret != null && hmacSecret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException("the JWT secret must be at least " + MIN_SECRET_BYTES
          + " bytes, got " + hmacSecret.getBytes(StandardCharsets.UTF_8).length
          + " (a short secret can be guessed offline from one token; use e.g. openssl rand -base64 32)");
    }
    if (publicKeyPem != null && publicKeyPem.isBlank()) {
      throw new IllegalArgumentException("the JWT public key must not be empty");
    }
    if (algorithm != null) {
      algorithm = algorithm.trim().toUpperCase(Locale.ROOT);
      if (!ALGORITHMS.contains(algorithm)) {
        throw new IllegalArgumentException(
            "JWT algorithm must be HS256, RS256 or ES256, got '" + algorithm + "'");
      }
      if (hmacSecret == null && publicKeyPem == null) {
        throw new IllegalArgumentException(
            "JWT algorithm " + algorithm + " is set but no secret or public key is configured");
      }
      if (hmacSecret != null && !algorithm.equals("HS256")) {
        throw new IllegalArgumentException(
            "JWT algorithm " + algorithm + " needs a public key, but a shared secret is configured");
      }
      if (publicKeyPem != null && algorithm.equals("HS256")) {
        throw new IllegalArgumentException(
            "JWT algorithm HS256 needs a shared secret, but a public key is configured");
      }
    }
    if (hmacSecret != null && algorithm == null) {
      algorithm = "HS256";
    }
    if (publicKeyPem != null && algorithm == null) {
      algorithm = "RS256";
    }
  }

  /** Token verification as configured, without the anonymous opt-in. */
  public AuthConfig(String hmacSecret, String publicKeyPem, String algorithm) {
    this(hmacSecret, publicKeyPem, algorithm, false);
  }

  public boolean enabled() {
    return hmacSecret != null || publicKeyPem != null;
  }

  /** Describes the mode without revealing the secret, so a logged configuration leaks nothing. */
  @Override
  public String toString() {
    if (!enabled()) {
      return allowAnonymous ? "AuthConfig[off, anonymous allowed]" : "AuthConfig[off]";
    }
    return "AuthConfig[" + algorithm + (hmacSecret != null ? ", secret=***" : ", public key") + "]";
  }

  public JsonObject toJson() {
    return new JsonObject().put("hmacSecret", hmacSecret).put("publicKeyPem", publicKeyPem).put("algorithm", algorithm)
        .put("allowAnonymous", allowAnonymous);
  }

  public static AuthConfig fromJson(JsonObject json) {
    if (json == null) {
      return OPEN;
    }
    return new AuthConfig(json.getString("hmacSecret"), json.getString("publicKeyPem"), json.getString("algorithm"),
        json.getBoolean("allowAnonymous", false));
  }
}
