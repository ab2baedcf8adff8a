package io.lockstep.common.auth;

/**
 * One pattern of a token's rights: an exact id ({@code notes/1}) or a prefix ending in {@code *}
 * ({@code notes/*}, or {@code *} for everything).
 */
public record IdPattern(String pattern) {
  public IdPattern {
    if (pattern == null || pattern.isEmpty()) {
      throw new IllegalArgumentException("an id pattern must not be empty");
    }
    if (pattern.indexOf('*') >= 0 && pattern.indexOf('*') != pattern.length() - 1) {
      throw new IllegalArgumentException("'*' may only end a pattern: " + pattern);
    }
  }

  public boolean matches(String id) {
    if (pattern.endsWith("*")) {
      return id.startsWith(pattern.substring(0, pattern.length() - 1));
    }
    return pattern.equals(id);
  }
}
