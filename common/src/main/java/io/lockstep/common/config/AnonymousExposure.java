package io.lockstep.common.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Closed by default: without a JWT key every client has every right, so such a server answers on
 * loopback only, unless the operator says {@code --allow-anonymous}. Left unset, the host becomes
 * {@value #LOOPBACK}; set to anything else it is a start-up error naming both ways out.
 */
final class AnonymousExposure {
  static final String LOOPBACK = "127.0.0.1";

  private AnonymousExposure() {}

  /**
   * {@code config} with its host kept to loopback when it has no key and no opt-in.
   *
   * @param hostGiven whether a layer (file, environment, flag) set the host, rather than the default
   * @throws ConfigException for a non-loopback host without a key and without the opt-in
   */
  static LockstepConfig bound(LockstepConfig config, boolean hostGiven) {
    AuthConfig auth = config.auth();
    if (auth.enabled() || auth.allowAnonymous()) {
      return config;
    }
    if (!hostGiven) {
      return config.withHost(LOOPBACK);
    }
    if (!isLoopback(config.host())) {
      throw new ConfigException("host '" + config.host() + "' is not a loopback address, and no JWT key is "
          + "configured, so every client would get every right. Set LOCKSTEP_JWT_SECRET (at least "
          + AuthConfig.MIN_SECRET_BYTES + " bytes) or --jwt-public-key-file, or pass --allow-anonymous to serve "
          + "anonymous clients on purpose");
    }
    return config;
  }

  /**
   * Whether {@code host} is {@code localhost} or a loopback IP literal. Names other than
   * {@code localhost} are not resolved: what a name points to can change after start-up.
   */
  static boolean isLoopback(String host) {
    String h = host.trim().toLowerCase(Locale.ROOT);
    if (h.equals("localhost")) {
      return true;
    }
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    if (!h.matches("[0-9.]+") && !h.matches("[0-9a-f:.]*:[0-9a-f:.]*")) {
      return false;
    }
    try {
      return InetAddress.getByName(h).isLoopbackAddress(); // a literal: parsed, never looked up
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
