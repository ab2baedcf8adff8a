package io.lockstep.common.config;

import io.vertx.core.json.JsonObject;

/**
 * Settings of the presence service (PROTOCOL.md §3). Every one has a flag
 * ({@code --presence-ttl-ms}) and a documented default in docs/configuration.md.
 *
 * @param ttlMs a member that sends nothing for this long leaves its rooms, even when the node
 *     that held it has died; a small multiple of the heartbeat
 * @param sweepMs how often a node looks for expired members of the rooms it serves; a dead node's
 *     members are announced as left at most about this long after their TTL ran out
 * @param metaTickMs {@code meta} updates of one room are coalesced and pushed once per tick; a
 *     member's latest meta wins
 * @param metaPerSecond sustained {@code meta} frames per second per connection ({@code rate_limited} past it)
 * @param metaBurst {@code meta} frames a connection may send at once before the rate applies
 * @param maxRooms rooms one connection may be in at once
 * @param maxMembers live members one room may hold
 * @param maxMetaBytes largest {@code meta} object, as JSON ({@code too_large} past it)
 */
public record PresenceConfig(
    int ttlMs,
    int sweepMs,
    int metaTickMs,
    int metaPerSecond,
    int metaBurst,
    int maxRooms,
    int maxMembers,
    int maxMetaBytes) {

  public static final PresenceConfig DEFAULTS = new PresenceConfig(60_000, 500, 50, 30, 60, 100, 10_000, 4_096);

  public PresenceConfig {
    Positive.check("ttlMs", ttlMs);
    Positive.check("sweepMs", sweepMs);
    Positive.check("metaTickMs", metaTickMs);
    Positive.check("metaPerSecond", metaPerSecond);
    Positive.check("metaBurst", metaBurst);
    Positive.check("maxRooms", maxRooms);
    Positive.check("maxMembers", maxMembers);
    Positive.check("maxMetaBytes", maxMetaBytes);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("ttlMs", ttlMs).put("sweepMs", sweepMs).put("metaTickMs", metaTickMs)
        .put("metaPerSecond", metaPerSecond).put("metaBurst", metaBurst).put("maxRooms", maxRooms)
        .put("maxMembers", maxMembers).put("maxMetaBytes", maxMetaBytes);
  }

  /** Reads settings written by {@link #toJson()}; missing fields take their default. */
  public static PresenceConfig fromJson(JsonObject json) {
    PresenceConfig d = DEFAULTS;
    if (json == null) {
      return d;
    }
    return new PresenceConfig(
        json.getInteger("ttlMs", d.ttlMs), json.getInteger("sweepMs", d.sweepMs),
        json.getInteger("metaTickMs", d.metaTickMs), json.getInteger("metaPerSecond", d.metaPerSecond),
        json.getInteger("metaBurst", d.metaBurst), json.getInteger("maxRooms", d.maxRooms),
        json.getInteger("maxMembers", d.maxMembers), json.getInteger("maxMetaBytes", d.maxMetaBytes));
  }
}
