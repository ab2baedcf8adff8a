package io.lockstep.common.config;

/**
 * Configuration that cannot be used: a bad flag value, an unreadable key file, an unknown service.
 * The message is written for the operator and names the setting at fault; the launcher prints it
 * and exits with status 2.
 */
public class ConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
