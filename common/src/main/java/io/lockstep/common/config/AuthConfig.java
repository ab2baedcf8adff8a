package io.lockstep.common.config;

import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Set;

/**
 * How tokens are verified. With neither a secret nor a public key, authentication is off
 * (development mode: every request is allowed, and the launcher says so loudly).
 *
 * @param hmacSecret shared secret for HS256 tokens, or null
 * @param publicKeyPem PEM public key for RS256 or ES256 tokens, or null
 * @param algorithm {@code HS256}, {@code RS256} or {@code ES256}; null when authentication is off.
 *     When null with a key, it is inferred: {@code HS256} for a secret, {@code RS256} for a public key.
 *     Case does not matter; it is stored upper case.
 * @throws IllegalArgumentException when both keys are given, a key is blank, the algorithm is not one
 *     of the three, does not fit the kind of key (HS256 needs the secret, RS256/ES256 the public key),
 *     or is given without any key
 */
public record AuthConfig(String hmacSecret, String publicKeyPem, String algorithm) {
  public static final AuthConfig OPEN = new AuthConfig(null, null, null);

  /** The algorithms Lockstep accepts tokens for. */
  public static final Set<String> ALGORITHMS = Set.of("HS256", "RS256", "ES256");

  public AuthConfig {
    if (hmacSecret != null && publicKeyPem != null) {
      throw new IllegalArgumentException("configure either a JWT secret or a public key, not both");
    }
    if (hmacSecret != null && hmacSecret.isBlank()) {
      throw new IllegalArgumentException("the JWT secret must not be empty");
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

  public boolean enabled() {
    return hmacSecret != null || publicKeyPem != null;
  }

  /** Describes the mode without revealing the secret, so a logged configuration leaks nothing. */
  @Override
  public String toString() {
    if (!enabled()) {
      return "AuthConfig[off]";
    }
    return "AuthConfig[" + algorithm + (hmacSecret != null ? ", secret=***" : ", public key") + "]";
  }

  public JsonObject toJson() {
    return new JsonObject().put("hmacSecret", hmacSecret).put("publicKeyPem", publicKeyPem).put("algorithm", algorithm);
  }

  public static AuthConfig fromJson(JsonObject json) {
    if (json == null) {
      return OPEN;
    }
    return new AuthConfig(json.getString("hmacSecret"), json.getString("publicKeyPem"), json.getString("algorithm"));
  }
}
