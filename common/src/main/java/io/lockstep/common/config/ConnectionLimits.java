package io.lockstep.common.config;

import io.vertx.core.json.JsonObject;

/**
 * Bounds on open client connections (WebSocket and SSE, every service of the process together), so
 * that sockets which say nothing or come by the thousand from one address cannot exhaust the
 * process. Each has a flag and a documented default (docs/configuration.md).
 *
 * @param maxConnections open WebSocket and SSE connections of the whole process; further upgrades
 *     are refused with 503 {@code unavailable}
 * @param maxConnectionsPerIp open connections from one client address; further ones get 429
 *     {@code rate_limited} (behind a proxy every client has the proxy's address: raise it there)
 * @param helloTimeoutMs with auth on, a {@code /sync} or {@code /presence} socket without an accepted
 *     {@code hello} (a {@code /sharedb} one without a token) this long after it opened is closed with 4002
 */
public record ConnectionLimits(int maxConnections, int maxConnectionsPerIp, int helloTimeoutMs) {

  public static final ConnectionLimits DEFAULTS = new ConnectionLimits(10_000, 200, 10_000);

  public ConnectionLimits {
    Positive.check("maxConnections", maxConnections);
    Positive.check("maxConnectionsPerIp", maxConnectionsPerIp);
    Positive.check("helloTimeoutMs", helloTimeoutMs);
  }

  public JsonObject toJson() {
    return new JsonObject().put("maxConnections", maxConnections).put("maxConnectionsPerIp", maxConnectionsPerIp)
        .put("helloTimeoutMs", helloTimeoutMs);
  }

  /** Reads settings written by {@link #toJson()}; missing fields take their default. */
  public static ConnectionLimits fromJson(JsonObject json) {
    ConnectionLimits d = DEFAULTS;
    if (json == null) {
      return d;
    }
    return new ConnectionLimits(json.getInteger("maxConnections", d.maxConnections),
        json.getInteger("maxConnectionsPerIp", d.maxConnectionsPerIp),
        json.getInteger("helloTimeoutMs", d.helloTimeoutMs));
  }
}
