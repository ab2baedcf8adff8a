package io.lockstep.common.config;

import io.vertx.core.json.JsonObject;

/**
 * How tokens are verified. With neither a secret nor a public key, authentication is off
 * (development mode: every request is allowed, and the launcher says so loudly).
 *
 * @param hmacSecret shared secret for HS256 tokens, or null
 * @param publicKeyPem PEM public key for RS256 or ES256 tokens, or null
 * @param algorithm {@code HS256}, {@code RS256} or {@code ES256}; null when authentication is off
 */
public record AuthConfig(String hmacSecret, String publicKeyPem, String algorithm) {
  public static final AuthConfig OPEN = new AuthConfig(null, null, null);

  public AuthConfig {
    if (hmacSecret != null && publicKeyPem != null) {
      throw new IllegalArgumentException("configure either a JWT secret or a public key, not both");
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
